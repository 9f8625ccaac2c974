#include "clickhouse/native_text.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "clickhouse/type.h"
#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

template <typename T> T load(const char* p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

/// Lays out a shortest decimal form as double-conversion's ToShortest does with ClickHouse's settings
/// (IO/DoubleConverter.h: no flags, "inf", "nan", 'e', decimal_in_shortest_low -6, high 21): plain
/// notation for exponents -6..20 ("0.000001", "100000000000000000000"), else d[.ddd]e[-]x ("1e21",
/// "1e-7", "1.5e-7"); -0 keeps its sign. `scientific` is std::to_chars' shortest scientific form, which
/// has the same digits (the shortest that read back to the value, the nearest of them).
void lay_out_shortest(std::string_view scientific, std::string& out) {
    bool negative = false;
    if (scientific.front() == '-') {
        negative = true;
        scientific.remove_prefix(1);
    }
    const auto e = scientific.find('e');
    char digits[32];
    std::size_t length = 0;
    for (const char c : scientific.substr(0, e)) {
        if (c != '.') {
            digits[length++] = c;
        }
    }
    int exponent = 0;
    std::from_chars(scientific.data() + e + 1 + (scientific[e + 1] == '+' ? 1 : 0),
                    scientific.data() + scientific.size(), exponent);
    if (negative) {
        out += '-';
    }
    const int n = static_cast<int>(length);
    if (exponent >= -6 && exponent < 21) {
        const int point = exponent + 1; // digits before the decimal point
        if (point <= 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-point), '0');
            out.append(digits, length);
        } else if (point >= n) {
            out.append(digits, length);
            out.append(static_cast<std::size_t>(point - n), '0');
        } else {
            out.append(digits, static_cast<std::size_t>(point));
            out += '.';
            out.append(digits + point, length - static_cast<std::size_t>(point));
        }
        return;
    }
    out += digits[0];
    if (length > 1) {
        out += '.';
        out.append(digits + 1, length - 1);
    }
    out += 'e';
    out += std::to_string(exponent);
}

template <typename T> void append_float_text(T value, std::string& out) {
    if (std::isnan(value)) {
        out += "nan";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-inf" : "inf";
        return;
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
    lay_out_shortest(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)), out);
}

void append_int128(unsigned __int128 value, std::string& out) {
    char buffer[40];
    char* end = buffer + sizeof(buffer);
    char* p = end;
    do {
        *--p = static_cast<char>('0' + static_cast<int>(value % 10));
        value /= 10;
    } while (value != 0);
    out.append(p, static_cast<std::size_t>(end - p));
}

void two_digits(unsigned value, std::string& out) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
}

/// " hh:mm:ss"
void append_time_of_day(unsigned seconds, std::string& out) {
    const unsigned h = seconds / 3600;
    const unsigned m = seconds / 60 % 60;
    const unsigned sec = seconds % 60;
    const char text[9] = {' ', static_cast<char>('0' + h / 10),   static_cast<char>('0' + h % 10),
                          ':', static_cast<char>('0' + m / 10),   static_cast<char>('0' + m % 10),
                          ':', static_cast<char>('0' + sec / 10), static_cast<char>('0' + sec % 10)};
    out.append(text, sizeof(text));
}

/// "YYYY-MM-DD" of every day a Date holds (0..65535, which covers DateTime too), built once: a table lookup
/// instead of the calendar arithmetic per value (655 KB).
class DayCache {
public:
    void append(std::int64_t days, std::string& out) {
        if (days < 0 || days >= kDays) {
            append_date_text(days, out);
            return;
        }
        out.append(table().data() + days * 10, 10);
    }

private:
    static constexpr std::int64_t kDays = 65536;
    static const std::string& table() {
        static const std::string texts = [] {
            std::string all;
            all.reserve(kDays * 10);
            for (std::int64_t day = 0; day < kDays; ++day) {
                append_date_text(day, all);
            }
            return all;
        }();
        return texts;
    }
};

/// Formats every value of a column into one arena, then hands out views into it.
class ArenaColumnText : public NativeColumnText {
public:
    void format(const NativeColumn& column, std::size_t rows, std::vector<NativeText>& out) final {
        arena_.clear();
        ends_.resize(rows);
        for (std::size_t row = 0; row < rows; ++row) {
            if (column.null_map == nullptr || column.null_map[row] == 0) {
                append(column, row, arena_);
            }
            ends_[row] = arena_.size();
        }
        out.resize(rows);
        std::size_t start = 0;
        for (std::size_t row = 0; row < rows; ++row) {
            const bool null = column.null_map != nullptr && column.null_map[row] != 0;
            out[row] = NativeText{std::string_view(arena_).substr(start, ends_[row] - start), null};
            start = ends_[row];
        }
    }

protected:
    virtual void append(const NativeColumn& column, std::size_t row, std::string& out) = 0;

private:
    std::string arena_;
    std::vector<std::size_t> ends_;
};

template <typename T> class IntegerText final : public ArenaColumnText {
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        char buffer[24];
        const auto result = std::to_chars(buffer, buffer + sizeof(buffer), load<T>(column.value(row)));
        out.append(buffer, static_cast<std::size_t>(result.ptr - buffer));
    }
};

class Float64Text final : public ArenaColumnText {
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        append_float64_text(load<double>(column.value(row)), out);
    }
};

class Float32Text final : public ArenaColumnText {
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        append_float32_text(load<float>(column.value(row)), out);
    }
};

class DecimalText final : public ArenaColumnText {
public:
    DecimalText(int scale, bool trailing_zeros) : scale_(scale), trailing_zeros_(trailing_zeros) {}

private:
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        const char* p = column.value(row);
        __int128 value = 0;
        switch (column.width) {
        case 4:
            value = load<std::int32_t>(p);
            break;
        case 8:
            value = load<std::int64_t>(p);
            break;
        default:
            value = load<__int128>(p);
            break;
        }
        append_decimal_text(value, scale_, trailing_zeros_, out);
    }
    int scale_;
    bool trailing_zeros_;
};

class DateText final : public ArenaColumnText {
public:
    explicit DateText(bool zero_as_zeros) : zero_as_zeros_(zero_as_zeros) {}

private:
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        const auto days = load<std::uint16_t>(column.value(row));
        if (days == 0 && zero_as_zeros_) {
            out += "0000-00-00";
            return;
        }
        cache_.append(days, out);
    }
    bool zero_as_zeros_;
    DayCache cache_;
};

class DateTimeText final : public ArenaColumnText {
public:
    DateTimeText(std::shared_ptr<const TimeZone> zone, bool zero_as_zeros)
        : zone_(std::move(zone)), zero_as_zeros_(zero_as_zeros) {}

private:
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        const std::int64_t unix_time = load<std::uint32_t>(column.value(row));
        if (unix_time == 0 && zero_as_zeros_) {
            out += "0000-00-00 00:00:00";
            return;
        }
        const std::int64_t local = zone_->to_local(unix_time);
        const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        cache_.append(days, out);
        append_time_of_day(static_cast<unsigned>(local - days * 86400), out);
    }
    std::shared_ptr<const TimeZone> zone_;
    bool zero_as_zeros_;
    DayCache cache_;
};

class UuidText final : public ArenaColumnText {
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        append_uuid_text(column.value(row), out);
    }
};

template <typename T> class EnumText final : public ArenaColumnText {
public:
    explicit EnumText(const Type& type) {
        for (const auto& [name, value] : type.enum_values) {
            names_[value] = name;
        }
    }

private:
    void append(const NativeColumn& column, std::size_t row, std::string& out) override {
        const auto value = load<T>(column.value(row));
        const auto found = names_.find(value);
        if (found == names_.end()) {
            throw Error(
                ErrorKind::Connection,
                fmt::format("ClickHouse sent the value {} for column {} of type {}, which has no name "
                            "for it",
                            value, printable_value(column.name), printable_value(column.type)));
        }
        out += found->second;
    }
    std::map<std::int16_t, std::string> names_;
};

/// String and FixedString: the bytes are the text, so the views point into the block.
class BytesText final : public NativeColumnText {
    void format(const NativeColumn& column, std::size_t rows, std::vector<NativeText>& out) override {
        out.resize(rows);
        for (std::size_t row = 0; row < rows; ++row) {
            const bool null = column.null_map != nullptr && column.null_map[row] != 0;
            out[row] = NativeText{column.width == 0 ? column.string(row)
                                                    : std::string_view(column.value(row), column.width),
                                  null};
        }
    }
};

} // namespace

void append_float64_text(double value, std::string& out) {
    append_float_text(value, out);
}

void append_float32_text(float value, std::string& out) {
    append_float_text(value, out);
}

void append_decimal_text(__int128 value, int scale, bool trailing_zeros, std::string& out) {
    // As ClickHouse's writeText(Decimal): the sign, the whole part, then `scale` fraction digits.
    unsigned __int128 magnitude = static_cast<unsigned __int128>(value);
    if (value < 0) {
        out += '-';
        magnitude = -magnitude;
    }
    unsigned __int128 divisor = 1;
    for (int i = 0; i < scale; ++i) {
        divisor *= 10;
    }
    append_int128(magnitude / divisor, out);
    if (scale == 0) {
        return;
    }
    char fraction[80];
    unsigned __int128 rest = magnitude % divisor;
    for (int i = scale - 1; i >= 0; --i) {
        fraction[i] = static_cast<char>('0' + static_cast<int>(rest % 10));
        rest /= 10;
    }
    int length = scale;
    if (!trailing_zeros) {
        while (length > 0 && fraction[length - 1] == '0') {
            --length;
        }
    }
    if (length > 0) {
        out += '.';
        out.append(fraction, static_cast<std::size_t>(length));
    }
}

void append_date_text(std::int64_t days, std::string& out) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(days, year, month, day);
    if (year < 0 || year > 9999) {
        out += std::to_string(year);
        out += '-';
        two_digits(month, out);
        out += '-';
        two_digits(day, out);
        return;
    }
    const auto y = static_cast<unsigned>(year);
    const char text[10] = {static_cast<char>('0' + y / 1000),
                           static_cast<char>('0' + y / 100 % 10),
                           static_cast<char>('0' + y / 10 % 10),
                           static_cast<char>('0' + y % 10),
                           '-',
                           static_cast<char>('0' + month / 10),
                           static_cast<char>('0' + month % 10),
                           '-',
                           static_cast<char>('0' + day / 10),
                           static_cast<char>('0' + day % 10)};
    out.append(text, sizeof(text));
}

void append_date_time_text(std::int64_t local_seconds, std::string& out) {
    const std::int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
    append_date_text(days, out);
    append_time_of_day(static_cast<unsigned>(local_seconds - days * 86400), out);
}

void append_uuid_text(const char* bytes, std::string& out) {
    // ClickHouse keeps a UUID as two little-endian 64-bit halves, the high one first.
    const auto high = load<std::uint64_t>(bytes);
    const auto low = load<std::uint64_t>(bytes + 8);
    fmt::format_to(std::back_inserter(out), "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32,
                   (high >> 16) & 0xffff, high & 0xffff, low >> 48, low & 0xffffffffffffULL);
}

bool has_native_text(std::string_view value_type) {
    if (value_type == "String") {
        return true;
    }
    Type type;
    try {
        type = parse_type(value_type);
    } catch (const Error&) {
        return false;
    }
    switch (type.kind) {
    case TypeKind::Int8:
    case TypeKind::Int16:
    case TypeKind::Int32:
    case TypeKind::Int64:
    case TypeKind::UInt8:
    case TypeKind::UInt16:
    case TypeKind::UInt32:
    case TypeKind::UInt64:
    case TypeKind::Float32:
    case TypeKind::Float64:
    case TypeKind::String:
    case TypeKind::FixedString:
    case TypeKind::Date:
    case TypeKind::DateTime:
    case TypeKind::UUID:
    case TypeKind::Enum8:
    case TypeKind::Enum16:
        return true;
    case TypeKind::Decimal:
        return type.precision <= 38;
    default:
        return false;
    }
}

std::unique_ptr<NativeColumnText> make_native_text(std::string_view type_text,
                                                   const NativeTextOptions& options) {
    std::string_view value_type = type_text;
    if (value_type.starts_with("Nullable(") && value_type.ends_with(")")) {
        value_type = value_type.substr(9, value_type.size() - 10);
    }
    if (value_type == "String") {
        return std::make_unique<BytesText>();
    }
    const Type type = parse_type(value_type);
    switch (type.kind) {
    case TypeKind::Int8:
        return std::make_unique<IntegerText<std::int8_t>>();
    case TypeKind::Int16:
        return std::make_unique<IntegerText<std::int16_t>>();
    case TypeKind::Int32:
        return std::make_unique<IntegerText<std::int32_t>>();
    case TypeKind::Int64:
        return std::make_unique<IntegerText<std::int64_t>>();
    case TypeKind::UInt8:
        return std::make_unique<IntegerText<std::uint8_t>>();
    case TypeKind::UInt16:
        return std::make_unique<IntegerText<std::uint16_t>>();
    case TypeKind::UInt32:
        return std::make_unique<IntegerText<std::uint32_t>>();
    case TypeKind::UInt64:
        return std::make_unique<IntegerText<std::uint64_t>>();
    case TypeKind::Float32:
        return std::make_unique<Float32Text>();
    case TypeKind::Float64:
        return std::make_unique<Float64Text>();
    case TypeKind::String:
    case TypeKind::FixedString:
        return std::make_unique<BytesText>();
    case TypeKind::Date:
        return std::make_unique<DateText>(options.zero_as_zeros);
    case TypeKind::DateTime:
        if (options.zone) {
            return std::make_unique<DateTimeText>(options.zone, options.zero_as_zeros);
        }
        break;
    case TypeKind::UUID:
        return std::make_unique<UuidText>();
    case TypeKind::Enum8:
        return std::make_unique<EnumText<std::int8_t>>(type);
    case TypeKind::Enum16:
        return std::make_unique<EnumText<std::int16_t>>(type);
    case TypeKind::Decimal:
        if (type.precision <= 38) {
            return std::make_unique<DecimalText>(type.scale, options.decimal_trailing_zeros);
        }
        break;
    default:
        break;
    }
    throw Error(ErrorKind::Internal,
                fmt::format("Ferry has no text for Native values of type {}", printable_value(type_text)));
}

} // namespace ferry::clickhouse
