#include "formats/type_widening.h"

namespace ferry::formats {

namespace {

struct Unwrapped {
    std::string_view base;
    bool nullable = false;
};

Unwrapped unwrap(std::string_view type) {
    constexpr std::string_view kNullable = "Nullable(";
    if (type.starts_with(kNullable) && type.ends_with(')')) {
        return {type.substr(kNullable.size(), type.size() - kNullable.size() - 1), true};
    }
    return {type, false};
}

bool is_integer(std::string_view type) { return type == "Int64" || type == "UInt64"; }
bool is_decimal(std::string_view type) { return type.starts_with("Decimal("); }
bool is_number(std::string_view type) { return is_integer(type) || is_decimal(type) || type == "Float64"; }

std::string widen_base(std::string_view a, std::string_view b) {
    if (a == b) {
        return std::string(a);
    }
    if (a == "String" || b == "String") {
        return "String";
    }
    if (is_number(a) && is_number(b)) {
        // Two integer types that differ are Int64 and UInt64: one had a negative value or the other one
        // above INT64_MAX, and Float64 would round the large ones.
        return is_integer(a) && is_integer(b) ? "String" : "Float64";
    }
    return "String";
}

} // namespace

std::string widen_type(std::string_view a, std::string_view b) {
    const auto x = unwrap(a);
    const auto y = unwrap(b);
    const auto base = widen_base(x.base, y.base);
    return x.nullable || y.nullable ? "Nullable(" + base + ")" : base;
}

std::string as_nullable(std::string_view type) {
    return unwrap(type).nullable ? std::string(type) : "Nullable(" + std::string(type) + ")";
}

} // namespace ferry::formats
