#include "formats/type_widening.h"

#include <algorithm>
#include <optional>

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

/// "DateTime" -> {0, ""}, "DateTime('UTC')" -> {0, "'UTC'"}, "DateTime64(3, 'UTC')" -> {3, "'UTC'"}.
struct TimeType {
    int precision = 0;
    std::string zone; ///< as written, quotes included; empty without one
};

std::optional<TimeType> time_type(std::string_view type) {
    TimeType out;
    std::string_view args;
    if (type == "DateTime") {
        return out;
    }
    if (type.starts_with("DateTime(") && type.ends_with(')')) {
        out.zone = std::string(type.substr(9, type.size() - 10));
        return out;
    }
    if (!type.starts_with("DateTime64(") || !type.ends_with(')')) {
        return std::nullopt;
    }
    args = type.substr(11, type.size() - 12);
    const auto comma = args.find(',');
    const auto digits = args.substr(0, comma);
    if (digits.size() != 1 || digits[0] < '0' || digits[0] > '9') {
        return std::nullopt;
    }
    out.precision = digits[0] - '0';
    if (comma != std::string_view::npos) {
        auto zone = args.substr(comma + 1);
        while (!zone.empty() && zone.front() == ' ') {
            zone.remove_prefix(1);
        }
        out.zone = std::string(zone);
    }
    return out;
}

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
    // Times of the same zone (or both without one): the finer precision holds both exactly.
    const auto x = time_type(a);
    const auto y = time_type(b);
    if (x && y && x->zone == y->zone) {
        const int precision = std::max(x->precision, y->precision);
        if (precision == 0) {
            return x->zone.empty() ? "DateTime" : "DateTime(" + x->zone + ")";
        }
        return "DateTime64(" + std::to_string(precision) + (x->zone.empty() ? "" : ", " + x->zone) + ")";
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
