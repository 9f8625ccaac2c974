#include "clickhouse/type.h"

#include <array>
#include <charconv>
#include <limits>

#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse {
namespace {

struct Family {
    std::string_view name;
    TypeKind kind;
};

/// Families that take no arguments.
constexpr std::array kSimpleFamilies{
    Family{"Int8", TypeKind::Int8},         Family{"Int16", TypeKind::Int16},
    Family{"Int32", TypeKind::Int32},       Family{"Int64", TypeKind::Int64},
    Family{"Int128", TypeKind::Int128},     Family{"Int256", TypeKind::Int256},
    Family{"UInt8", TypeKind::UInt8},       Family{"UInt16", TypeKind::UInt16},
    Family{"UInt32", TypeKind::UInt32},     Family{"UInt64", TypeKind::UInt64},
    Family{"UInt128", TypeKind::UInt128},   Family{"UInt256", TypeKind::UInt256},
    Family{"Float32", TypeKind::Float32},   Family{"Float64", TypeKind::Float64},
    Family{"Bool", TypeKind::Bool},         Family{"String", TypeKind::String},
    Family{"Date", TypeKind::Date},         Family{"Date32", TypeKind::Date32},
    Family{"DateTime", TypeKind::DateTime}, Family{"DateTime64", TypeKind::DateTime64},
    Family{"UUID", TypeKind::UUID},         Family{"IPv4", TypeKind::IPv4},
    Family{"IPv6", TypeKind::IPv6},         Family{"Nothing", TypeKind::Nothing},
    Family{"Decimal", TypeKind::Decimal},
};

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) {
    return is_identifier_start(c) || (c >= '0' && c <= '9');
}

/// Recursive-descent parser over one type string; `pos_` only moves forward.
class TypeParser {
public:
    explicit TypeParser(std::string_view text) : text_(text) {}

    Type parse_all() {
        Type type = parse_type();
        skip_spaces();
        if (pos_ != text_.size()) {
            fail("unexpected text after the type");
        }
        return type;
    }

private:
    [[noreturn]] void fail(std::string_view what) const {
        throw Error(ErrorKind::Query, "cannot parse ClickHouse type '" + printable_value(text_, 200) +
                                          "': " + std::string(what) + " at position " + std::to_string(pos_));
    }

    void skip_spaces() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n')) {
            ++pos_;
        }
    }

    char peek() {
        skip_spaces();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }

    void expect(char c) {
        if (peek() != c) {
            fail(std::string("expected '") + c + "'");
        }
        ++pos_;
    }

    std::string_view identifier() {
        skip_spaces();
        const std::size_t start = pos_;
        if (pos_ >= text_.size() || !is_identifier_start(text_[pos_])) {
            fail("expected a name");
        }
        while (pos_ < text_.size() && is_identifier_char(text_[pos_])) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }

    /// A '...' literal with ClickHouse escapes (\' \\ \n \t \0 \xHH...) or doubled quotes.
    std::string quoted(char quote) {
        if (peek() != quote) {
            fail(std::string("expected ") + quote);
        }
        ++pos_;
        std::string out;
        while (true) {
            if (pos_ >= text_.size()) {
                fail("unterminated quoted string");
            }
            const char c = text_[pos_++];
            if (c == quote) {
                if (pos_ < text_.size() && text_[pos_] == quote) {
                    out += quote;
                    ++pos_;
                    continue;
                }
                return out;
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) {
                fail("unterminated escape");
            }
            const char e = text_[pos_++];
            if (const auto control = control_escape(e)) {
                out += *control;
                continue;
            }
            switch (e) {
            case 'x': {
                unsigned value = 0;
                const auto [end, ec] = std::from_chars(
                    text_.data() + pos_, text_.data() + std::min(pos_ + 2, text_.size()), value, 16);
                if (ec != std::errc() || end != text_.data() + pos_ + 2) {
                    fail("bad \\x escape");
                }
                pos_ += 2;
                out += static_cast<char>(value);
                break;
            }
            default:
                out += e;
            }
        }
    }

    long long integer() {
        skip_spaces();
        std::size_t start = pos_;
        if (pos_ < text_.size() && text_[pos_] == '+') {
            start = ++pos_;
        }
        long long value = 0;
        const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + text_.size(), value);
        if (ec != std::errc()) {
            fail("expected an integer");
        }
        pos_ = static_cast<std::size_t>(end - text_.data());
        return value;
    }

    int small_integer(long long min, long long max, std::string_view what) {
        const long long value = integer();
        if (value < min || value > max) {
            fail(std::string(what) + " out of range");
        }
        return static_cast<int>(value);
    }

    /// Skips a balanced argument list (the opening parenthesis already consumed), honouring quotes.
    std::string raw_arguments() {
        const std::size_t start = pos_;
        int depth = 1;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '\'' || c == '`' || c == '"') {
                quoted(c);
                continue;
            }
            ++pos_;
            if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                return std::string(text_.substr(start, pos_ - 1 - start));
            }
        }
        fail("unbalanced parentheses");
    }

    /// `name Type` or `Type`, for Tuple and Nested elements.
    void parse_tuple_element(Type& type) {
        std::string name;
        if (peek() == '`' || peek() == '"') {
            name = quoted(text_[pos_]);
        } else {
            const std::size_t start = pos_;
            const std::string_view word = identifier();
            const char next = peek();
            if (next == ',' || next == ')' || next == '(') {
                pos_ = start; // it was the type itself
            } else {
                name = std::string(word);
            }
        }
        type.element_names.push_back(std::move(name));
        type.args.push_back(parse_type());
    }

    void enum_elements(Type& type) {
        long long next_value = 1;
        while (true) {
            std::string name = quoted('\'');
            long long value = next_value;
            if (peek() == '=') {
                ++pos_;
                value = integer();
            }
            if (value < std::numeric_limits<std::int16_t>::min() ||
                value > std::numeric_limits<std::int16_t>::max()) {
                fail("enum value out of range");
            }
            type.enum_values.emplace_back(std::move(name), static_cast<std::int16_t>(value));
            next_value = value + 1;
            if (peek() != ',') {
                break;
            }
            ++pos_;
        }
        if (type.kind == TypeKind::Other) { // plain `Enum`: the server picks the width by the values
            type.kind = TypeKind::Enum8;
            for (const auto& [name, value] : type.enum_values) {
                if (value < std::numeric_limits<std::int8_t>::min() ||
                    value > std::numeric_limits<std::int8_t>::max()) {
                    type.kind = TypeKind::Enum16;
                }
            }
        }
        if (type.kind == TypeKind::Enum8) {
            for (const auto& [name, value] : type.enum_values) {
                if (value < std::numeric_limits<std::int8_t>::min() ||
                    value > std::numeric_limits<std::int8_t>::max()) {
                    fail("Enum8 value out of range");
                }
            }
        }
    }

    void arguments(Type& type) {
        const std::string_view f = type.family;
        if (f == "Nullable" || f == "LowCardinality" || f == "Array") {
            type.kind = f == "Nullable"         ? TypeKind::Nullable
                        : f == "LowCardinality" ? TypeKind::LowCardinality
                                                : TypeKind::Array;
            type.args.push_back(parse_type());
        } else if (f == "Map") {
            type.kind = TypeKind::Map;
            type.args.push_back(parse_type());
            expect(',');
            type.args.push_back(parse_type());
        } else if (f == "Tuple" || f == "Nested") {
            type.kind = f == "Tuple" ? TypeKind::Tuple : TypeKind::Nested;
            if (peek() != ')') {
                parse_tuple_element(type);
                while (peek() == ',') {
                    ++pos_;
                    parse_tuple_element(type);
                }
            }
        } else if (f == "Enum8" || f == "Enum16" || f == "Enum") {
            type.kind = f == "Enum8" ? TypeKind::Enum8 : f == "Enum16" ? TypeKind::Enum16 : TypeKind::Other;
            enum_elements(type);
        } else if (f == "Decimal") {
            type.kind = TypeKind::Decimal;
            type.precision = small_integer(1, 76, "Decimal precision");
            if (peek() == ',') {
                ++pos_;
                type.scale = small_integer(0, type.precision, "Decimal scale");
            }
        } else if (f == "Decimal32" || f == "Decimal64" || f == "Decimal128" || f == "Decimal256") {
            type.kind = TypeKind::Decimal;
            type.precision = f == "Decimal32" ? 9 : f == "Decimal64" ? 18 : f == "Decimal128" ? 38 : 76;
            type.scale = small_integer(0, type.precision, "Decimal scale");
        } else if (f == "DateTime") {
            type.kind = TypeKind::DateTime;
            type.timezone = quoted('\'');
        } else if (f == "DateTime64") {
            type.kind = TypeKind::DateTime64;
            type.precision = small_integer(0, 9, "DateTime64 precision");
            if (peek() == ',') {
                ++pos_;
                type.timezone = quoted('\'');
            }
        } else if (f == "FixedString") {
            type.kind = TypeKind::FixedString;
            type.length =
                static_cast<std::size_t>(small_integer(1, std::numeric_limits<int>::max(), "length"));
        } else {
            type.kind = TypeKind::Other;
            type.raw_arguments = raw_arguments();
            return;
        }
        expect(')');
    }

    Type parse_type() {
        skip_spaces();
        const std::size_t start = pos_;
        Type type;
        type.family = std::string(identifier());
        if (peek() == '(') {
            ++pos_;
            arguments(type);
        } else {
            for (const Family& family : kSimpleFamilies) {
                if (family.name == type.family) {
                    type.kind = family.kind;
                }
            }
            if (type.kind == TypeKind::Decimal) {
                type.precision = 10; // the server's default for a bare `Decimal`
            } else if (type.kind == TypeKind::DateTime64) {
                type.precision = 3;
            } else if (type.family == "Tuple") {
                type.kind = TypeKind::Tuple;
            }
        }
        type.text = std::string(text_.substr(start, pos_ - start));
        return type;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

Type parse_type(std::string_view text) {
    return TypeParser(text).parse_all();
}

bool is_utc_timezone(std::string_view timezone) {
    if (timezone.starts_with("Etc/") || timezone.starts_with("etc/")) {
        timezone.remove_prefix(4);
    }
    constexpr std::array<std::string_view, 9> kNames{"UTC",   "UCT",  "GMT",       "GMT0",     "GMT+0",
                                                     "GMT-0", "Zulu", "Universal", "Greenwich"};
    for (std::string_view name : kNames) {
        if (equals_ignore_case(timezone, name)) {
            return true;
        }
    }
    return false;
}

} // namespace ferry::clickhouse
