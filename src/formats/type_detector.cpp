#include "formats/type_detector.h"

#include <charconv>
#include <limits>

namespace ferry::formats {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

/// "0" is fine, "007" would print back as "7".
bool has_leading_zero(std::string_view digits) {
    return digits.size() > 1 && digits[0] == '0';
}

int parse_2(const char* p) {
    return (p[0] - '0') * 10 + (p[1] - '0');
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

/// YYYY-MM-DD with a valid calendar day; returns the year, month and day through the out parameters.
bool parse_date(std::string_view text, int& year, int& month, int& day) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return false;
    }
    year = parse_2(text.data()) * 100 + parse_2(text.data() + 2);
    month = parse_2(text.data() + 5);
    day = parse_2(text.data() + 8);
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

bool is_date(std::string_view text) {
    int year = 0, month = 0, day = 0;
    if (!parse_date(text, year, month, day)) {
        return false;
    }
    // ClickHouse Date covers 1970-01-01 .. 2149-06-06; anything else would be clamped or wrapped.
    if (year < 1970 || year > 2149) {
        return false;
    }
    return year < 2149 || month < 6 || (month == 6 && day <= 6);
}

bool is_datetime(std::string_view text) {
    if (text.size() != 19 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':') {
        return false;
    }
    int year = 0, month = 0, day = 0;
    if (!parse_date(text.substr(0, 10), year, month, day)) {
        return false;
    }
    if (!all_digits(text.substr(11, 2)) || !all_digits(text.substr(14, 2)) ||
        !all_digits(text.substr(17, 2))) {
        return false;
    }
    const int hour = parse_2(text.data() + 11);
    const int minute = parse_2(text.data() + 14);
    const int second = parse_2(text.data() + 17);
    // DateTime is seconds since 1970 in 32 unsigned bits, ending in February 2106.
    return hour <= 23 && minute <= 59 && second <= 59 && year >= 1970 && year <= 2105;
}

/// -?(digits[.digits*] | .digits)([eE][+-]?digits)? with a '.' or an exponent.
bool is_float(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') {
        ++i;
    }
    const std::size_t int_begin = i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    const std::string_view int_part = text.substr(int_begin, i - int_begin);
    if (has_leading_zero(int_part)) {
        return false;
    }
    bool fraction = false;
    std::size_t fraction_digits = 0;
    if (i < text.size() && text[i] == '.') {
        fraction = true;
        ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
            ++fraction_digits;
        }
    }
    if (int_part.empty() && fraction_digits == 0) {
        return false; // ".", "-", "-.e5"
    }
    bool exponent = false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        exponent = true;
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        const std::size_t exp_begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        if (i == exp_begin) {
            return false;
        }
    }
    if (i != text.size() || (!fraction && !exponent)) {
        return false;
    }
    // Out-of-range values ("1e999") would load as inf.
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

ValueType detect_value_type(std::string_view value) {
    if (value.empty()) {
        return ValueType::String;
    }
    const bool negative = value[0] == '-';
    const std::string_view digits = negative ? value.substr(1) : value;
    if (all_digits(digits)) {
        if (has_leading_zero(digits) || (negative && digits == "0")) {
            return ValueType::String; // "007" and "-0" would not print back as they were
        }
        std::int64_t as_signed = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), as_signed);
        if (ec == std::errc() && end == value.data() + value.size()) {
            return ValueType::Int64;
        }
        std::uint64_t as_unsigned = 0;
        if (!negative) {
            const auto [uend, uec] = std::from_chars(value.data(), value.data() + value.size(), as_unsigned);
            if (uec == std::errc() && uend == value.data() + value.size()) {
                return ValueType::UInt64;
            }
        }
        return ValueType::String; // too large for any integer type, and a Float64 would round it
    }
    const char first = digits.empty() ? '\0' : digits[0];
    if (is_digit(first) || first == '.') {
        if (is_float(value)) {
            return ValueType::Float64;
        }
        if (!negative && is_date(value)) {
            return ValueType::Date;
        }
        if (!negative && is_datetime(value)) {
            return ValueType::DateTime;
        }
    }
    return ValueType::String;
}

void ColumnTypeDetector::add(std::string_view value) {
    seen_ = true;
    switch (detect_value_type(value)) {
    case ValueType::Int64: {
        any_int_ = true;
        if (value[0] == '-') {
            any_negative_int_ = true;
        }
        std::int64_t v = 0;
        std::from_chars(value.data(), value.data() + value.size(), v);
        constexpr std::int64_t kExact = std::int64_t{1} << 53;
        if (v > kExact || v < -kExact) {
            any_int_beyond_double_ = true;
        }
        break;
    }
    case ValueType::UInt64:
        any_uint_ = true;
        any_int_beyond_double_ = true;
        break;
    case ValueType::Float64:
        any_float_ = true;
        break;
    case ValueType::Date:
        any_date_ = true;
        break;
    case ValueType::DateTime:
        any_datetime_ = true;
        break;
    case ValueType::String:
        any_string_ = true;
        break;
    }
}

std::string ColumnTypeDetector::type() const {
    std::string base;
    const bool numeric = any_int_ || any_uint_ || any_float_;
    const bool temporal = any_date_ || any_datetime_;
    if (!seen_ || any_string_ || (numeric && temporal) || (any_date_ && any_datetime_)) {
        base = "String";
    } else if (any_date_) {
        base = "Date";
    } else if (any_datetime_) {
        base = "DateTime";
    } else if (any_float_) {
        // Integers join a Float64 column only if the double holds them exactly.
        base = any_int_beyond_double_ ? "String" : "Float64";
    } else if (any_uint_) {
        // Negative numbers and numbers above INT64_MAX fit no single integer type.
        base = any_negative_int_ ? "String" : "UInt64";
    } else {
        base = "Int64";
    }
    return nullable_ ? "Nullable(" + base + ")" : base;
}

} // namespace ferry::formats
