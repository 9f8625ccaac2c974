#include "formats/value_normalizer.h"

namespace ferry::formats {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view strip_wrappers(std::string_view type) {
    for (;;) {
        if (type.starts_with("Nullable(") && type.ends_with(")")) {
            type = type.substr(9, type.size() - 10);
        } else if (type.starts_with("LowCardinality(") && type.ends_with(")")) {
            type = type.substr(15, type.size() - 16);
        } else {
            return type;
        }
    }
}

/// "1.234,5" -> "1234.5"; false when `text` is not a decimal-comma number.
bool decimal_comma(std::string_view text, std::string& out) {
    out.clear();
    bool comma = false;
    for (const char c : text) {
        if (is_digit(c) || (c == '-' && out.empty())) {
            out += c;
        } else if (c == ',' && !comma) {
            comma = true;
            out += '.';
        } else if (c == '.' && !comma) {
            // a thousands separator: checked by the sniffer's shape rules; dropped here
        } else {
            return false;
        }
    }
    return true;
}

/// Splits "a<sep>b<sep>c[ time]" into its three numeric parts and the time; false on another shape.
bool split_date(std::string_view text, std::string_view parts[3], std::string_view& time) {
    const auto space = text.find(' ');
    const std::string_view date = text.substr(0, space);
    time = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    std::size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        std::size_t end = start;
        while (end < date.size() && is_digit(date[end])) {
            ++end;
        }
        if (end == start) {
            return false;
        }
        parts[i] = date.substr(start, end - start);
        if (i < 2) {
            if (end >= date.size() || (date[end] != '/' && date[end] != '.' && date[end] != '-')) {
                return false;
            }
            start = end + 1;
        } else if (end != date.size()) {
            return false;
        }
    }
    return true;
}

void append_2(std::string_view digits, std::string& out) {
    if (digits.size() == 1) {
        out += '0';
    }
    out.append(digits);
}

bool reorder_date(std::string_view text, ValueFormat format, std::string& out) {
    std::string_view parts[3];
    std::string_view time;
    if (!split_date(text, parts, time)) {
        return false;
    }
    std::string_view year, month, day;
    switch (format) {
    case ValueFormat::DayMonthYear:
        day = parts[0], month = parts[1], year = parts[2];
        break;
    case ValueFormat::MonthDayYear:
        month = parts[0], day = parts[1], year = parts[2];
        break;
    default:
        year = parts[0], month = parts[1], day = parts[2];
        break;
    }
    if (year.size() != 4 || month.size() > 2 || day.size() > 2) {
        return false;
    }
    out.clear();
    out.append(year);
    out += '-';
    append_2(month, out);
    out += '-';
    append_2(day, out);
    if (!time.empty()) {
        out += ' ';
        out.append(time);
        if (time.size() == 5) {
            out += ":00"; // hh:mm
        }
    }
    return true;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

} // namespace

bool converts_values(std::string_view target_type) {
    const std::string_view base = strip_wrappers(target_type);
    return !(base == "String" || base.starts_with("FixedString") || base.starts_with("Enum") || base == "UUID");
}

ValueNormalizer normalizer_for(const std::vector<ValueFormat>& formats, std::size_t index, std::string_view target_type) {
    return ValueNormalizer(index < formats.size() ? formats[index] : ValueFormat::AsIs, target_type);
}

ValueNormalizer::ValueNormalizer(ValueFormat format, std::string_view target_type)
    : format_(converts_values(target_type) ? format : ValueFormat::AsIs) {}

std::string_view ValueNormalizer::apply(std::string_view text, std::string& scratch) const {
    switch (format_) {
    case ValueFormat::AsIs:
        return text;
    case ValueFormat::DecimalComma:
        return decimal_comma(text, scratch) ? std::string_view(scratch) : text;
    case ValueFormat::DayMonthYear:
    case ValueFormat::MonthDayYear:
    case ValueFormat::YearMonthDay:
        return reorder_date(text, format_, scratch) ? std::string_view(scratch) : text;
    case ValueFormat::BoolWord: {
        if (text.empty() || text.size() > 5) {
            return text;
        }
        std::string word;
        for (const char c : text) {
            word += lower(c);
        }
        if (word == "true" || word == "yes" || word == "t") {
            return "1";
        }
        if (word == "false" || word == "no" || word == "f") {
            return "0";
        }
        return text;
    }
    }
    return text;
}

} // namespace ferry::formats
