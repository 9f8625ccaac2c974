#include "clickhouse/scalar_codec.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

/// Date32 and DateTime64 cover 1900-01-01 .. 2299-12-31 on the servers that have them.
constexpr std::int64_t kMinExtendedDay = -25567;
constexpr std::int64_t kMaxExtendedDay = 120529;
constexpr std::int64_t kPowersOf10[] = {1,      10,      100,      1000,      10000,
                                        100000, 1000000, 10000000, 100000000, 1000000000};

template <typename T> void append_raw(T value, std::string& out) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void append_varint(std::uint64_t value, std::string& out) {
    char buffer[10];
    std::size_t size = 0;
    while (value >= 0x80) {
        buffer[size++] = static_cast<char>(value | 0x80);
        value >>= 7;
    }
    buffer[size++] = static_cast<char>(value);
    out.append(buffer, size);
}

template <typename T> void append_number(T value, std::string& out) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
    });
}

ParseStatus parse_bool(std::string_view text, bool& value) {
    if (text == "1" || equals_ignore_case(text, "true")) {
        value = true;
    } else if (text == "0" || equals_ignore_case(text, "false")) {
        value = false;
    } else {
        return ParseStatus::Invalid;
    }
    return ParseStatus::Ok;
}

} // namespace

std::optional<ScalarCodec> ScalarCodec::make(std::string column, const Type& type) {
    const Type* inner = &type;
    bool nullable = false;
    while (inner->kind == TypeKind::LowCardinality || inner->kind == TypeKind::Nullable) {
        nullable = nullable || inner->kind == TypeKind::Nullable;
        inner = &inner->args.at(0);
    }
    ScalarCodec codec;
    codec.column_ = std::move(column);
    codec.nullable_ = nullable;
    codec.type_name_ = inner->text;
    const auto wide = [&codec](std::uint8_t width, bool is_unsigned) {
        codec.kind_ = Kind::WideInt;
        codec.width_ = width;
        codec.unsigned_ = is_unsigned;
    };
    switch (inner->kind) {
    case TypeKind::Int8:
        codec.kind_ = Kind::Int8;
        break;
    case TypeKind::Int16:
        codec.kind_ = Kind::Int16;
        break;
    case TypeKind::Int32:
        codec.kind_ = Kind::Int32;
        break;
    case TypeKind::Int64:
        codec.kind_ = Kind::Int64;
        break;
    case TypeKind::UInt8:
        codec.kind_ = Kind::UInt8;
        break;
    case TypeKind::UInt16:
        codec.kind_ = Kind::UInt16;
        break;
    case TypeKind::UInt32:
        codec.kind_ = Kind::UInt32;
        break;
    case TypeKind::UInt64:
        codec.kind_ = Kind::UInt64;
        break;
    case TypeKind::Int128:
        wide(16, false);
        break;
    case TypeKind::UInt128:
        wide(16, true);
        break;
    case TypeKind::Int256:
        wide(32, false);
        break;
    case TypeKind::UInt256:
        wide(32, true);
        break;
    case TypeKind::Float32:
        codec.kind_ = Kind::Float32;
        break;
    case TypeKind::Float64:
        codec.kind_ = Kind::Float64;
        break;
    case TypeKind::Bool:
        codec.kind_ = Kind::Bool;
        break;
    case TypeKind::String:
        codec.kind_ = Kind::String;
        break;
    case TypeKind::FixedString:
        codec.kind_ = Kind::FixedString;
        codec.length_ = inner->length;
        break;
    case TypeKind::Date:
        codec.kind_ = Kind::Date;
        break;
    case TypeKind::Date32:
        codec.kind_ = Kind::Date32;
        break;
    case TypeKind::DateTime:
        codec.kind_ = Kind::DateTime;
        codec.time_zone_ = inner->timezone;
        break;
    case TypeKind::DateTime64:
        codec.kind_ = Kind::DateTime64;
        codec.precision_ = inner->precision;
        codec.time_zone_ = inner->timezone;
        break;
    case TypeKind::Decimal:
        codec.kind_ = Kind::Decimal;
        codec.precision_ = inner->precision;
        codec.scale_ = inner->scale;
        codec.width_ = inner->precision <= 9    ? 4
                       : inner->precision <= 18 ? 8
                       : inner->precision <= 38 ? 16
                                                : 32;
        break;
    case TypeKind::UUID:
        codec.kind_ = Kind::UUID;
        break;
    case TypeKind::Enum8:
    case TypeKind::Enum16:
        if (inner->enum_values.empty()) {
            return std::nullopt;
        }
        codec.kind_ = inner->kind == TypeKind::Enum8 ? Kind::Enum8 : Kind::Enum16;
        for (const auto& [name, value] : inner->enum_values) {
            codec.enum_by_name_.emplace_back(name, value);
            codec.enum_by_value_.emplace_back(value, name);
        }
        std::sort(codec.enum_by_name_.begin(), codec.enum_by_name_.end());
        std::sort(codec.enum_by_value_.begin(), codec.enum_by_value_.end());
        break;
    default:
        return std::nullopt;
    }
    return codec;
}

bool ScalarCodec::set_time_zone(std::shared_ptr<const TimeZone> zone) {
    if (kind_ != Kind::DateTime) {
        return false;
    }
    zone_ = std::move(zone);
    return true;
}

bool ScalarCodec::quoted_in_literal() const {
    switch (kind_) {
    case Kind::String:
    case Kind::FixedString:
    case Kind::Date:
    case Kind::Date32:
    case Kind::DateTime:
    case Kind::DateTime64:
    case Kind::UUID:
    case Kind::Enum8:
    case Kind::Enum16:
        return true;
    default:
        return false;
    }
}

void ScalarCodec::fail(std::string_view text, std::string_view problem) const {
    ErrorContext context;
    context.column = column_;
    context.value = printable_value(text);
    std::string message = "'" + *context.value + "' " + std::string(problem);
    if (!column_.empty()) {
        message = "column " + column_ + ": " + message;
    }
    throw Error(ErrorKind::Data, message, std::move(context));
}

void ScalarCodec::fail(std::string_view text, ParseStatus status) const {
    switch (status) {
    case ParseStatus::OutOfRange:
        fail(text, "is out of range for " + type_name_);
    case ParseStatus::TooPrecise:
        fail(text, "has too many digits after the point for " + type_name_);
    default:
        fail(text, "is not a valid " + type_name_);
    }
}

std::int64_t ScalarCodec::date_days(std::string_view text) const {
    std::int64_t days = 0;
    check(text, parse_date(text, days));
    const bool in_range = kind_ == Kind::Date ? days >= 0 && days <= std::numeric_limits<std::uint16_t>::max()
                                              : days >= kMinExtendedDay && days <= kMaxExtendedDay;
    if (!in_range) {
        fail(text, ParseStatus::OutOfRange);
    }
    return days;
}

std::int64_t ScalarCodec::unix_ticks(std::string_view text) const {
    DateTimeValue value;
    check(text, parse_datetime(text, precision_, value));
    std::int64_t ticks = value.ticks;
    if (!value.absolute) {
        if (!value.utc_ticks(precision_, ticks)) {
            fail(text, ParseStatus::OutOfRange);
        }
        if (zone_) { // only DateTime has one: ticks are seconds
            ticks = zone_->to_unix(ticks);
        }
    }
    const bool in_range = kind_ == Kind::DateTime
                              ? ticks >= 0 && ticks <= std::numeric_limits<std::uint32_t>::max()
                              : ticks / kPowersOf10[precision_] >= kMinExtendedDay * 86400 &&
                                    ticks / kPowersOf10[precision_] < (kMaxExtendedDay + 1) * 86400;
    if (!in_range) {
        fail(text, ParseStatus::OutOfRange);
    }
    return ticks;
}

std::int16_t ScalarCodec::enum_value(std::string_view text) const {
    const auto by_name =
        std::lower_bound(enum_by_name_.begin(), enum_by_name_.end(), text,
                         [](const auto& entry, std::string_view key) { return entry.first < key; });
    if (by_name != enum_by_name_.end() && by_name->first == text) {
        return by_name->second;
    }
    std::int16_t number = 0;
    if (parse_integer(text, number) == ParseStatus::Ok) {
        const auto by_value =
            std::lower_bound(enum_by_value_.begin(), enum_by_value_.end(), number,
                             [](const auto& entry, std::int16_t key) { return entry.first < key; });
        if (by_value != enum_by_value_.end() && by_value->first == number) {
            return number;
        }
    }
    fail(text, ParseStatus::Invalid);
}

const std::string& ScalarCodec::enum_name(std::int16_t value) const {
    const auto entry = std::lower_bound(enum_by_value_.begin(), enum_by_value_.end(), value,
                                        [](const auto& e, std::int16_t key) { return e.first < key; });
    return entry->second; // `value` came from enum_value(), so it is present
}

void ScalarCodec::write_binary(std::string_view text, bool is_null, std::string& out) const {
    if (nullable_) {
        out += is_null ? '\1' : '\0';
        if (is_null) {
            return;
        }
    } else if (is_null) {
        write_binary_default(out);
        return;
    }
    write_binary_value(text, out);
}

void ScalarCodec::write_native(std::string_view text, bool is_null, std::string& null_map,
                               std::string& data) const {
    if (nullable_) {
        null_map += is_null ? '\1' : '\0';
    }
    if (is_null) {
        write_binary_default(data);
    } else {
        write_binary_value(text, data);
    }
}

void ScalarCodec::write_text(std::string_view text, bool is_null, std::string& out) const {
    if (is_null) {
        if (nullable_) {
            out += "\\N";
        } else {
            write_text_default(out);
        }
        return;
    }
    write_text_value(text, out);
}

namespace {
template <typename T> T parsed_integer(std::string_view text, ParseStatus& status) {
    T value = 0;
    status = parse_integer(text, value);
    return value;
}
} // namespace

void ScalarCodec::write_binary_value(std::string_view text, std::string& out) const {
    ParseStatus status = ParseStatus::Ok;
    switch (kind_) {
    case Kind::Int8:
        append_raw(parsed_integer<std::int8_t>(text, status), out);
        break;
    case Kind::Int16:
        append_raw(parsed_integer<std::int16_t>(text, status), out);
        break;
    case Kind::Int32:
        append_raw(parsed_integer<std::int32_t>(text, status), out);
        break;
    case Kind::Int64:
        append_raw(parsed_integer<std::int64_t>(text, status), out);
        break;
    case Kind::UInt8:
        append_raw(parsed_integer<std::uint8_t>(text, status), out);
        break;
    case Kind::UInt16:
        append_raw(parsed_integer<std::uint16_t>(text, status), out);
        break;
    case Kind::UInt32:
        append_raw(parsed_integer<std::uint32_t>(text, status), out);
        break;
    case Kind::UInt64:
        append_raw(parsed_integer<std::uint64_t>(text, status), out);
        break;
    case Kind::WideInt:
    case Kind::Decimal: {
        ScaledDigits digits;
        const bool is_decimal = kind_ == Kind::Decimal;
        check(text, parse_scaled_digits(text, scale_, is_decimal ? precision_ : 78, is_decimal, digits));
        char bytes[32];
        check(text, scaled_digits_to_bytes(digits, width_, unsigned_, bytes));
        out.append(bytes, width_);
        break;
    }
    case Kind::Float32: {
        float value = 0;
        status = parse_float(text, value);
        append_raw(value, out);
        break;
    }
    case Kind::Float64: {
        double value = 0;
        status = parse_float(text, value);
        append_raw(value, out);
        break;
    }
    case Kind::Bool: {
        bool value = false;
        status = parse_bool(text, value);
        out += value ? '\1' : '\0';
        break;
    }
    case Kind::String:
        append_varint(text.size(), out);
        out.append(text);
        break;
    case Kind::FixedString:
        if (text.size() > length_) {
            fail(text, "is too long for " + type_name_);
        }
        out.append(text);
        out.append(length_ - text.size(), '\0');
        break;
    case Kind::Date:
        append_raw(static_cast<std::uint16_t>(date_days(text)), out);
        break;
    case Kind::Date32:
        append_raw(static_cast<std::int32_t>(date_days(text)), out);
        break;
    case Kind::DateTime:
        append_raw(static_cast<std::uint32_t>(unix_ticks(text)), out);
        break;
    case Kind::DateTime64:
        append_raw(unix_ticks(text), out);
        break;
    case Kind::UUID: {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        check(text, parse_uuid(text, high, low));
        append_raw(high, out);
        append_raw(low, out);
        break;
    }
    case Kind::Enum8:
        append_raw(static_cast<std::int8_t>(enum_value(text)), out);
        break;
    case Kind::Enum16:
        append_raw(enum_value(text), out);
        break;
    }
    check(text, status);
}

void ScalarCodec::write_binary_default(std::string& out) const {
    switch (kind_) {
    case Kind::Int8:
    case Kind::UInt8:
    case Kind::Bool:
    case Kind::String: // length 0
        out += '\0';
        break;
    case Kind::Int16:
    case Kind::UInt16:
    case Kind::Date:
        out.append(2, '\0');
        break;
    case Kind::Int32:
    case Kind::UInt32:
    case Kind::Float32:
    case Kind::Date32:
    case Kind::DateTime:
        out.append(4, '\0');
        break;
    case Kind::Int64:
    case Kind::UInt64:
    case Kind::Float64:
    case Kind::DateTime64:
        out.append(8, '\0');
        break;
    case Kind::WideInt:
    case Kind::Decimal:
        out.append(width_, '\0');
        break;
    case Kind::FixedString:
        out.append(length_, '\0');
        break;
    case Kind::UUID:
        out.append(16, '\0');
        break;
    case Kind::Enum8: // the server's default is the first element in value order
        append_raw(static_cast<std::int8_t>(enum_by_value_.front().first), out);
        break;
    case Kind::Enum16:
        append_raw(enum_by_value_.front().first, out);
        break;
    }
}

void ScalarCodec::write_text_value(std::string_view text, std::string& out) const {
    ParseStatus status = ParseStatus::Ok;
    switch (kind_) {
    case Kind::Int8:
        append_number(static_cast<int>(parsed_integer<std::int8_t>(text, status)), out);
        break;
    case Kind::Int16:
        append_number(parsed_integer<std::int16_t>(text, status), out);
        break;
    case Kind::Int32:
        append_number(parsed_integer<std::int32_t>(text, status), out);
        break;
    case Kind::Int64:
        append_number(parsed_integer<std::int64_t>(text, status), out);
        break;
    case Kind::UInt8:
        append_number(static_cast<unsigned>(parsed_integer<std::uint8_t>(text, status)), out);
        break;
    case Kind::UInt16:
        append_number(parsed_integer<std::uint16_t>(text, status), out);
        break;
    case Kind::UInt32:
        append_number(parsed_integer<std::uint32_t>(text, status), out);
        break;
    case Kind::UInt64:
        append_number(parsed_integer<std::uint64_t>(text, status), out);
        break;
    case Kind::WideInt:
    case Kind::Decimal: {
        ScaledDigits digits;
        const bool is_decimal = kind_ == Kind::Decimal;
        check(text, parse_scaled_digits(text, scale_, is_decimal ? precision_ : 78, is_decimal, digits));
        char bytes[32];
        check(text, scaled_digits_to_bytes(digits, width_, unsigned_, bytes));
        append_scaled_digits(digits, scale_, out);
        break;
    }
    case Kind::Float32: {
        float value = 0;
        status = parse_float(text, value);
        append_number(value, out);
        break;
    }
    case Kind::Float64: {
        double value = 0;
        status = parse_float(text, value);
        append_number(value, out);
        break;
    }
    case Kind::Bool: {
        bool value = false;
        status = parse_bool(text, value);
        out += value ? "true" : "false";
        break;
    }
    case Kind::String:
        append_tsv_escaped(text, out);
        break;
    case Kind::FixedString:
        if (text.size() > length_) {
            fail(text, "is too long for " + type_name_);
        }
        append_tsv_escaped(text, out);
        break;
    case Kind::Date:
    case Kind::Date32:
        append_date(date_days(text), out);
        break;
    case Kind::DateTime:
    case Kind::DateTime64: {
        // The zone may not be UTC: instants go as unix time, wall-clock times as canonical civil text
        // for the server to read in the column's zone.
        DateTimeValue value;
        check(text, parse_datetime(text, precision_, value));
        if (value.absolute) {
            const std::int64_t seconds = value.ticks / kPowersOf10[precision_];
            if (kind_ == Kind::DateTime
                    ? seconds < 0 || seconds > std::numeric_limits<std::uint32_t>::max()
                    : seconds < kMinExtendedDay * 86400 || seconds >= (kMaxExtendedDay + 1) * 86400) {
                fail(text, ParseStatus::OutOfRange);
            }
            append_ticks(value.ticks, precision_, out);
        } else {
            if (kind_ == Kind::DateTime ? value.year < 1970 || value.year > 2106
                                        : value.year < 1900 || value.year > 2299) {
                fail(text, ParseStatus::OutOfRange);
            }
            append_civil_datetime(value, precision_, out);
        }
        break;
    }
    case Kind::UUID: {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        check(text, parse_uuid(text, high, low));
        append_uuid(high, low, out);
        break;
    }
    case Kind::Enum8:
    case Kind::Enum16:
        append_tsv_escaped(enum_name(enum_value(text)), out);
        break;
    }
    check(text, status);
}

void ScalarCodec::write_text_default(std::string& out) const {
    switch (kind_) {
    case Kind::String:
    case Kind::FixedString:
        break;
    case Kind::Bool:
        out += "false";
        break;
    case Kind::Date:
    case Kind::Date32:
        out += "1970-01-01";
        break;
    case Kind::UUID:
        out += "00000000-0000-0000-0000-000000000000";
        break;
    case Kind::Enum8:
    case Kind::Enum16:
        append_tsv_escaped(enum_by_value_.front().second, out);
        break;
    case Kind::DateTime:
    case Kind::DateTime64: // a unix time: the epoch in every zone (padded, see append_ticks)
        out += "0000000000";
        break;
    default: // numbers
        out += '0';
    }
}

} // namespace ferry::clickhouse
