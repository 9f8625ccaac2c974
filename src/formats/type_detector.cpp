#include "formats/type_detector.h"

#include <fmt/format.h>

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

int parse_digits(std::string_view text) {
    int value = 0;
    for (const char c : text) {
        value = value * 10 + (c - '0');
    }
    return value;
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool valid_day(int year, int month, int day) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    return day <= (month == 2 && is_leap(year) ? 29 : kDays[month - 1]);
}

/// ClickHouse Date covers 1970-01-01 .. 2149-06-06; anything else would be clamped or wrapped.
bool in_date_range(int year, int month, int day) {
    if (year < 1970 || year > 2149) {
        return false;
    }
    return year < 2149 || month < 6 || (month == 6 && day <= 6);
}

/// YYYY-MM-DD with a valid calendar day.
bool parse_iso_date(std::string_view text, int& year, int& month, int& day) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return false;
    }
    year = parse_2(text.data()) * 100 + parse_2(text.data() + 2);
    month = parse_2(text.data() + 5);
    day = parse_2(text.data() + 8);
    return valid_day(year, month, day);
}

bool is_date(std::string_view text) {
    int year = 0, month = 0, day = 0;
    return parse_iso_date(text, year, month, day) && in_date_range(year, month, day);
}

/// "hh:mm:ss" (or "hh:mm" when `seconds_optional`) with valid values; returns the length read, 0 if none.
std::size_t parse_time(std::string_view text, bool seconds_optional) {
    if (text.size() < 5 || !all_digits(text.substr(0, 2)) || text[2] != ':' || !all_digits(text.substr(3, 2))) {
        return 0;
    }
    if (parse_2(text.data()) > 23 || parse_2(text.data() + 3) > 59) {
        return 0;
    }
    if (text.size() >= 8 && text[5] == ':' && all_digits(text.substr(6, 2))) {
        return parse_2(text.data() + 6) <= 59 ? 8 : 0;
    }
    return seconds_optional ? 5 : 0;
}

struct IsoDateTime {
    int year = 0;
    int fraction_digits = 0;
    bool zoned = false;
};

/// YYYY-MM-DD[ T]hh:mm:ss[.d{1,9}][Z|+hh:mm|+hhmm|+hh], as the insert encoder reads it; years 1900..2299.
bool parse_iso_datetime(std::string_view text, IsoDateTime& out) {
    int month = 0, day = 0;
    if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T') ||
        !parse_iso_date(text.substr(0, 10), out.year, month, day)) {
        return false;
    }
    if (parse_time(text.substr(11), false) != 8) {
        return false;
    }
    std::size_t i = 19;
    if (i < text.size() && text[i] == '.') {
        const std::size_t begin = ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        out.fraction_digits = static_cast<int>(i - begin);
        if (out.fraction_digits == 0 || out.fraction_digits > 9) {
            return false;
        }
    }
    if (i < text.size()) {
        const std::string_view zone = text.substr(i);
        out.zoned = true;
        if (zone != "Z") {
            const bool sign = zone[0] == '+' || zone[0] == '-';
            const std::string_view rest = zone.substr(1);
            const bool shape = (rest.size() == 2 && all_digits(rest)) || (rest.size() == 4 && all_digits(rest)) ||
                               (rest.size() == 5 && rest[2] == ':' && all_digits(rest.substr(0, 2)) &&
                                all_digits(rest.substr(3, 2)));
            if (!sign || !shape || parse_2(rest.data()) > 14) {
                return false;
            }
        }
    }
    return out.year >= 1900 && out.year <= 2299;
}

/// D/M/YYYY, M/D/YYYY, D.M.YYYY, D-M-YYYY (one or two digits) or YYYY/M/D, optionally " hh:mm[:ss]".
struct PartDate {
    bool dmy = false; ///< a valid day in range read day-first
    bool mdy = false; ///< ... read month-first
    bool ymd = false; ///< YYYY/MM/DD
    bool has_time = false;
};

bool parse_part_date(std::string_view text, PartDate& out) {
    std::string_view date = text;
    if (const auto space = text.find(' '); space != std::string_view::npos) {
        date = text.substr(0, space);
        const std::string_view time = text.substr(space + 1);
        if (parse_time(time, true) != time.size()) {
            return false;
        }
        out.has_time = true;
    }
    const char sep = date.size() > 2 && !is_digit(date[1]) ? date[1] : date.size() > 3 ? date[2] : '\0';
    if (sep != '/' && sep != '.' && sep != '-') {
        // perhaps YYYY/MM/DD
        if (date.size() >= 8 && date[4] == '/' && all_digits(date.substr(0, 4))) {
            const auto second = date.find('/', 5);
            if (second == std::string_view::npos) {
                return false;
            }
            const auto m = date.substr(5, second - 5), d = date.substr(second + 1);
            if (m.empty() || m.size() > 2 || d.empty() || d.size() > 2 || !all_digits(m) || !all_digits(d)) {
                return false;
            }
            const int year = parse_digits(date.substr(0, 4));
            out.ymd = valid_day(year, parse_digits(m), parse_digits(d)) &&
                      in_date_range(year, parse_digits(m), parse_digits(d));
            return out.ymd;
        }
        return false;
    }
    const auto first = date.find(sep);
    const auto second = date.find(sep, first + 1);
    if (second == std::string_view::npos || date.find(sep, second + 1) != std::string_view::npos) {
        return false;
    }
    const auto a = date.substr(0, first), b = date.substr(first + 1, second - first - 1),
               y = date.substr(second + 1);
    if (a.empty() || a.size() > 2 || b.empty() || b.size() > 2 || y.size() != 4 || !all_digits(a) ||
        !all_digits(b) || !all_digits(y)) {
        return false;
    }
    const int pa = parse_digits(a), pb = parse_digits(b), year = parse_digits(y);
    // With a time the value becomes a 32-bit DateTime; without one a Date.
    const int last_year = out.has_time ? 2105 : 2149;
    if (year < 1970 || year > last_year) {
        return false;
    }
    out.dmy = valid_day(year, pb, pa) && in_date_range(year, pb, pa);
    out.mdy = sep != '.' && valid_day(year, pa, pb) && in_date_range(year, pa, pb);
    return out.dmy || out.mdy;
}

/// -?(digits[.digits*] | .digits)([eE][+-]?digits)? with a '.' or an exponent. Reports the digits after the
/// point and whether an exponent was used.
bool is_float(std::string_view text, int& fraction_digits, bool& exponent, int& int_digits) {
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
    int_digits = static_cast<int>(int_part.size());
    bool fraction = false;
    std::size_t digits = 0;
    if (i < text.size() && text[i] == '.') {
        fraction = true;
        ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
            ++digits;
        }
    }
    fraction_digits = static_cast<int>(digits);
    if (int_part.empty() && digits == 0) {
        return false; // ".", "-", "-.e5"
    }
    exponent = false;
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

/// -?D,DDD with a decimal comma: "1,5", "-0,25", "1.234,56", "1.234.567" (dots group thousands).
bool is_comma_number(std::string_view text, int& fraction_digits, int& int_digits) {
    std::size_t i = text.size() > 0 && text[0] == '-' ? 1 : 0;
    const std::string_view body = text.substr(i);
    const auto comma = body.find(',');
    const std::string_view whole = body.substr(0, comma);
    const std::string_view fraction = comma == std::string_view::npos ? std::string_view() : body.substr(comma + 1);
    if (comma != std::string_view::npos && !all_digits(fraction)) {
        return false;
    }
    const bool grouped = whole.find('.') != std::string_view::npos;
    if (comma == std::string_view::npos && !grouped) {
        return false; // a plain integer
    }
    int digits = 0;
    if (grouped) {
        // 1-3 digits, then groups of exactly three
        const auto first = whole.find('.');
        if (first == 0 || first > 3 || !all_digits(whole.substr(0, first)) ||
            has_leading_zero(whole.substr(0, first))) {
            return false;
        }
        digits = static_cast<int>(first);
        for (std::size_t p = first; p < whole.size(); p += 4) {
            if (whole[p] != '.' || p + 4 > whole.size() || !all_digits(whole.substr(p + 1, 3))) {
                return false;
            }
            digits += 3;
        }
    } else {
        if (!all_digits(whole) || has_leading_zero(whole)) {
            return false;
        }
        digits = static_cast<int>(whole.size());
    }
    fraction_digits = static_cast<int>(fraction.size());
    int_digits = digits;
    return true;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
        if (x != b[i]) {
            return false;
        }
    }
    return true;
}

bool is_bool_word(std::string_view text) {
    for (std::string_view word : {"true", "false", "yes", "no", "t", "f"}) {
        if (equals_ignore_case(text, word)) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string_view to_string(ValueFormat format) {
    switch (format) {
    case ValueFormat::AsIs:
        return "as-is";
    case ValueFormat::DecimalComma:
        return "decimal-comma";
    case ValueFormat::DayMonthYear:
        return "DD/MM/YYYY";
    case ValueFormat::MonthDayYear:
        return "MM/DD/YYYY";
    case ValueFormat::YearMonthDay:
        return "YYYY/MM/DD";
    case ValueFormat::BoolWord:
        return "boolean words";
    }
    return "as-is";
}

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
        int fraction = 0, int_digits = 0;
        bool exponent = false;
        if (is_float(value, fraction, exponent, int_digits)) {
            return ValueType::Float64;
        }
        if (!negative && is_date(value)) {
            return ValueType::Date;
        }
        IsoDateTime dt;
        if (!negative && parse_iso_datetime(value, dt) && dt.year >= 1970 && dt.year <= 2105) {
            return ValueType::DateTime;
        }
    }
    return ValueType::String;
}

void ColumnTypeDetector::add(std::string_view value) {
    seen_ = true;
    if (any_string_) {
        return; // nothing can change the verdict
    }
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
        max_int_digits_ = std::max(max_int_digits_, static_cast<int>(value.size()) - (value[0] == '-'));
        return;
    }
    case ValueType::UInt64:
        any_uint_ = true;
        any_int_beyond_double_ = true;
        max_int_digits_ = 20;
        return;
    case ValueType::Float64: {
        int fraction = 0, int_digits = 0;
        bool exponent = false;
        is_float(value, fraction, exponent, int_digits);
        ++point_numbers_;
        any_exponent_ = any_exponent_ || exponent;
        if (fraction > 0) {
            min_fraction_ = std::min(min_fraction_, fraction);
        }
        max_fraction_ = std::max(max_fraction_, fraction);
        max_int_digits_ = std::max(max_int_digits_, int_digits);
        return;
    }
    case ValueType::Date:
        any_date_ = true;
        return;
    case ValueType::DateTime:
    case ValueType::String:
        break;
    }
    IsoDateTime dt;
    if (value.size() >= 19 && parse_iso_datetime(value, dt)) {
        any_datetime_ = true;
        (dt.zoned ? any_zoned_ : any_unzoned_) = true;
        max_time_fraction_ = std::max(max_time_fraction_, dt.fraction_digits);
        if (dt.year < 1970 || dt.year > 2105) {
            any_outside_datetime_ = true;
        }
        return;
    }
    int fraction = 0, int_digits = 0;
    if (decimal_comma_ && is_comma_number(value, fraction, int_digits)) {
        ++comma_numbers_;
        if (fraction > 0) {
            min_fraction_ = std::min(min_fraction_, fraction);
        }
        max_fraction_ = std::max(max_fraction_, fraction);
        max_int_digits_ = std::max(max_int_digits_, int_digits);
        return;
    }
    if (is_bool_word(value)) {
        any_bool_ = true;
        return;
    }
    PartDate part;
    if (value.size() >= 8 && parse_part_date(value, part)) {
        any_part_date_ = true;
        (part.has_time ? any_part_date_time_ : any_part_date_plain_) = true;
        if (part.ymd) {
            any_ymd_ = true;
        } else {
            any_year_last_ = true;
            all_dmy_ = all_dmy_ && part.dmy;
            all_mdy_ = all_mdy_ && part.mdy;
        }
        return;
    }
    any_string_ = true;
}

ColumnType ColumnTypeDetector::result() const {
    ColumnType out;
    auto finish = [&](std::string base) {
        out.type = nullable_ ? "Nullable(" + base + ")" : std::move(base);
        return out;
    };
    auto string_because = [&](std::string note) {
        out.format = ValueFormat::AsIs;
        out.note = std::move(note);
        return finish("String");
    };
    if (!seen_ || any_string_) {
        return finish("String");
    }
    const bool integers = any_int_ || any_uint_;
    const bool fractions = point_numbers_ > 0 || comma_numbers_ > 0;
    const bool iso = any_date_ || any_datetime_;
    const int kinds = (integers || fractions) + iso + any_bool_ + any_part_date_;
    if (kinds > 1) {
        return string_because("mixes numbers, dates or booleans");
    }
    if (any_bool_) {
        out.format = ValueFormat::BoolWord;
        return finish("Bool");
    }
    if (any_part_date_) {
        if (any_ymd_ && any_year_last_) {
            return string_because("mixes year-first and year-last dates");
        }
        if (any_part_date_time_ && any_part_date_plain_) {
            return string_because("mixes dates with and without a time");
        }
        const std::string base = any_part_date_time_ ? "DateTime" : "Date";
        if (any_ymd_) {
            out.format = ValueFormat::YearMonthDay;
            return finish(base);
        }
        if (all_dmy_ && all_mdy_) {
            return string_because("ambiguous dates: every value reads as DD/MM/YYYY and as MM/DD/YYYY (no day "
                                  "above 12 in the sample); load as String or convert them first");
        }
        if (!all_dmy_ && !all_mdy_) {
            return string_because("dates in both DD/MM/YYYY and MM/DD/YYYY order");
        }
        out.format = all_dmy_ ? ValueFormat::DayMonthYear : ValueFormat::MonthDayYear;
        return finish(base);
    }
    if (iso) {
        if (any_date_ && any_datetime_) {
            return string_because("mixes dates and date-times");
        }
        if (any_date_) {
            return finish("Date");
        }
        if (any_zoned_ && any_unzoned_) {
            return string_because("mixes times with and without a time zone");
        }
        const std::string zone = any_zoned_ ? "'UTC'" : "";
        if (max_time_fraction_ == 0 && !any_outside_datetime_) {
            return finish(any_zoned_ ? "DateTime('UTC')" : "DateTime");
        }
        const int precision = max_time_fraction_ <= 3 ? 3 : max_time_fraction_ <= 6 ? 6 : 9;
        return finish(fmt::format("DateTime64({}{}{})", precision, zone.empty() ? "" : ", ", zone));
    }
    if (fractions) {
        if (point_numbers_ > 0 && comma_numbers_ > 0) {
            return string_because("mixes decimal points and decimal commas");
        }
        out.format = comma_numbers_ > 0 ? ValueFormat::DecimalComma : ValueFormat::AsIs;
        const bool money = !any_exponent_ && min_fraction_ == max_fraction_ && max_fraction_ >= 2 &&
                           max_fraction_ <= 4 && max_int_digits_ + max_fraction_ <= 18;
        if (money) {
            return finish(fmt::format("Decimal(18, {})", max_fraction_));
        }
        // Integers join a Float64 column only if the double holds them exactly.
        if (any_int_beyond_double_) {
            return string_because("integers too large for Float64 mixed with fractions");
        }
        return finish("Float64");
    }
    if (any_uint_) {
        // Negative numbers and numbers above INT64_MAX fit no single integer type.
        return any_negative_int_ ? string_because("negative and above 2^63") : finish("UInt64");
    }
    return finish("Int64");
}

bool ColumnTypeDetector::fits(std::string_view value) const {
    const ColumnType before = result();
    if (before.type.find("String") != std::string::npos) {
        return false;
    }
    ColumnTypeDetector copy = *this;
    copy.add(value);
    const ColumnType after = copy.result();
    return after.type.find("String") == std::string::npos;
}

} // namespace ferry::formats
