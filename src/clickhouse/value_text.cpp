#include "clickhouse/value_text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <type_traits>

namespace ferry::clickhouse {
namespace {

static_assert(std::endian::native == std::endian::little, "RowBinary writers assume a little-endian host");

/// 10^precision for DateTime64 precisions 0..9.
constexpr std::int64_t kPowersOf10[] = {1,      10,      100,      1000,      10000,
                                        100000, 1000000, 10000000, 100000000, 1000000000};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Reads exactly `count` digits at `p`; false if any is not a digit.
bool fixed_digits(const char* p, int count, unsigned& value) {
    value = 0;
    for (int i = 0; i < count; ++i) {
        if (!is_digit(p[i])) {
            return false;
        }
        value = value * 10 + static_cast<unsigned>(p[i] - '0');
    }
    return true;
}

bool is_leap_year(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned days_in_month(int year, unsigned month) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/// Skips an optional leading '+' (std::from_chars does not take one); rejects "+-1" and "++1".
bool skip_plus(const char*& first, const char* last) {
    if (first != last && *first == '+') {
        ++first;
        if (first != last && (*first == '+' || *first == '-')) {
            return false;
        }
    }
    return true;
}

/// For a number std::from_chars reported out of range: true when its magnitude is too large, false when too
/// small (it then rounds to zero). The decimal exponent of its first non-zero digit decides.
bool float_overflows(const char* first, const char* last) {
    if (first != last && *first == '-') {
        ++first;
    }
    long long leading = 0; // decimal exponent of the first non-zero digit of the mantissa
    bool found = false;
    bool point = false;
    for (; first != last && (is_digit(*first) || *first == '.'); ++first) {
        if (*first == '.') {
            point = true;
        } else if (!found) {
            if (*first != '0') {
                found = true;
                leading = point ? leading - 1 : 0;
            } else if (point) {
                --leading;
            }
        } else if (!point) {
            ++leading;
        }
    }
    long long exponent = 0;
    if (first != last && (*first == 'e' || *first == 'E')) {
        ++first;
        bool negative = false;
        if (first != last && (*first == '+' || *first == '-')) {
            negative = *first == '-';
            ++first;
        }
        for (; first != last && is_digit(*first); ++first) {
            exponent = std::min(exponent * 10 + (*first - '0'), 1000000LL);
        }
        if (negative) {
            exponent = -exponent;
        }
    }
    return leading + exponent >= 0;
}

template <typename F> ParseStatus parse_float_impl(std::string_view text, F& value) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (!skip_plus(first, last)) {
        return ParseStatus::Invalid;
    }
    const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
    if (end != last || first == last) {
        return ParseStatus::Invalid;
    }
    if (ec == std::errc::result_out_of_range) {
        if (float_overflows(first, last)) {
            return ParseStatus::OutOfRange;
        }
        value = *first == '-' ? -F(0) : F(0); // underflow rounds to zero, as IEEE does
        return ParseStatus::Ok;
    }
    return ec == std::errc() ? ParseStatus::Ok : ParseStatus::Invalid;
}

/// Appends `value` as exactly `width` decimal digits.
void append_padded(std::uint64_t value, int width, std::string& out) {
    char buffer[20];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(width));
}

/// Reads ".digits" at `p` into `fraction` at `precision` digits; extra digits must be zeros.
ParseStatus read_fraction(const char*& p, const char* end, int precision, std::int64_t& fraction) {
    fraction = 0;
    if (p == end || *p != '.') {
        return ParseStatus::Ok;
    }
    ++p;
    const char* begin = p;
    int count = 0;
    for (; p != end && is_digit(*p); ++p, ++count) {
        if (count < precision) {
            fraction = fraction * 10 + (*p - '0');
        } else if (*p != '0') {
            return ParseStatus::TooPrecise;
        }
    }
    if (p == begin) {
        return ParseStatus::Invalid;
    }
    for (; count < precision; ++count) {
        fraction *= 10;
    }
    return ParseStatus::Ok;
}

/// Reads an optional zone suffix: Z, +hh, +hhmm, +hh:mm (or -). Returns false when malformed.
bool read_zone(const char*& p, const char* end, bool& has_zone, int& offset_seconds) {
    has_zone = false;
    offset_seconds = 0;
    if (p == end) {
        return true;
    }
    has_zone = true;
    if (*p == 'Z' || *p == 'z') {
        ++p;
        return true;
    }
    if (*p != '+' && *p != '-') {
        return false;
    }
    const int sign = *p == '-' ? -1 : 1;
    ++p;
    unsigned hours = 0;
    unsigned minutes = 0;
    if (end - p < 2 || !fixed_digits(p, 2, hours)) {
        return false;
    }
    p += 2;
    if (p != end && *p == ':') {
        ++p;
    }
    if (p != end) {
        if (end - p < 2 || !fixed_digits(p, 2, minutes)) {
            return false;
        }
        p += 2;
    }
    if (hours > 23 || minutes > 59) {
        return false;
    }
    offset_seconds = sign * static_cast<int>(hours * 3600 + minutes * 60);
    return true;
}

} // namespace

template <typename T> ParseStatus parse_integer(std::string_view text, T& value) {
    // Hand-rolled rather than std::from_chars: it is on the hot path, and takes a leading '+'.
    const char* p = text.data();
    const char* const end = p + text.size();
    bool negative = false;
    if (p != end && (*p == '+' || *p == '-')) {
        negative = *p == '-';
        ++p;
    }
    if (p == end) {
        return ParseStatus::Invalid;
    }
    std::uint64_t magnitude = 0;
    const char* const fast_end = p + std::min<std::ptrdiff_t>(end - p, 19); // 19 digits cannot overflow
    for (; p != fast_end; ++p) {
        const auto digit = static_cast<unsigned>(*p - '0');
        if (digit > 9) {
            return ParseStatus::Invalid;
        }
        magnitude = magnitude * 10 + digit;
    }
    bool overflow = false;
    for (; p != end; ++p) {
        const auto digit = static_cast<unsigned>(*p - '0');
        if (digit > 9) {
            return ParseStatus::Invalid;
        }
        if (magnitude > (UINT64_MAX - digit) / 10) {
            overflow = true;
        } else {
            magnitude = magnitude * 10 + digit;
        }
    }
    if (overflow) {
        return ParseStatus::OutOfRange;
    }
    using Limits = std::numeric_limits<T>;
    if constexpr (std::is_unsigned_v<T>) {
        if ((negative && magnitude != 0) || magnitude > Limits::max()) {
            return ParseStatus::OutOfRange;
        }
        value = static_cast<T>(magnitude);
    } else {
        const auto max = static_cast<std::uint64_t>(Limits::max());
        if (magnitude > max + (negative ? 1 : 0)) {
            return ParseStatus::OutOfRange;
        }
        value = static_cast<T>(negative ? 0 - magnitude : magnitude);
    }
    return ParseStatus::Ok;
}

template ParseStatus parse_integer<std::int8_t>(std::string_view, std::int8_t&);
template ParseStatus parse_integer<std::int16_t>(std::string_view, std::int16_t&);
template ParseStatus parse_integer<std::int32_t>(std::string_view, std::int32_t&);
template ParseStatus parse_integer<std::int64_t>(std::string_view, std::int64_t&);
template ParseStatus parse_integer<std::uint8_t>(std::string_view, std::uint8_t&);
template ParseStatus parse_integer<std::uint16_t>(std::string_view, std::uint16_t&);
template ParseStatus parse_integer<std::uint32_t>(std::string_view, std::uint32_t&);
template ParseStatus parse_integer<std::uint64_t>(std::string_view, std::uint64_t&);

ParseStatus parse_float(std::string_view text, double& value) {
    return parse_float_impl(text, value);
}
ParseStatus parse_float(std::string_view text, float& value) {
    return parse_float_impl(text, value);
}

ParseStatus parse_scaled_digits(std::string_view text, int scale, int max_digits, bool allow_fraction,
                                ScaledDigits& out) {
    const char* p = text.data();
    const char* const end = p + text.size();
    bool negative = false;
    if (p != end && (*p == '+' || *p == '-')) {
        negative = *p == '-';
        ++p;
    }
    const char* const int_begin = p;
    while (p != end && is_digit(*p)) {
        ++p;
    }
    const char* const int_end = p;
    const char* frac_begin = p;
    const char* frac_end = p;
    if (allow_fraction && p != end && *p == '.') {
        frac_begin = ++p;
        while (p != end && is_digit(*p)) {
            ++p;
        }
        frac_end = p;
    }
    if (int_begin == int_end && frac_begin == frac_end) {
        return ParseStatus::Invalid;
    }
    long long exponent = 0;
    if (allow_fraction && p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        bool exponent_negative = false;
        if (p != end && (*p == '+' || *p == '-')) {
            exponent_negative = *p == '-';
            ++p;
        }
        const char* const exponent_begin = p;
        for (; p != end && is_digit(*p); ++p) {
            exponent = std::min(exponent * 10 + (*p - '0'), 100000LL);
        }
        if (p == exponent_begin) {
            return ParseStatus::Invalid;
        }
        if (exponent_negative) {
            exponent = -exponent;
        }
    }
    if (p != end) {
        return ParseStatus::Invalid;
    }
    // The digits D = integer digits then fraction digits; the scaled integer is D's first `keep` digits,
    // followed by zeros when `keep` exceeds D's length.
    const long long int_length = int_end - int_begin;
    const long long total = int_length + (frac_end - frac_begin);
    const long long keep = int_length + exponent + scale;
    const auto digit = [&](long long i) {
        return i < int_length ? int_begin[i] : frac_begin[i - int_length];
    };
    for (long long i = std::max(keep, 0LL); i < total; ++i) {
        if (digit(i) != '0') {
            return ParseStatus::TooPrecise;
        }
    }
    const long long kept = std::clamp(keep, 0LL, total);
    long long i = 0;
    while (i < kept && digit(i) == '0') {
        ++i;
    }
    out.size = 0;
    out.negative = false;
    if (i == kept) {
        return ParseStatus::Ok; // zero
    }
    const long long padding = std::max(keep - total, 0LL);
    if (kept - i + padding > std::min(max_digits, 78)) {
        return ParseStatus::OutOfRange;
    }
    for (; i < kept; ++i) {
        out.digits[out.size++] = digit(i);
    }
    for (long long z = 0; z < padding; ++z) {
        out.digits[out.size++] = '0';
    }
    out.negative = negative;
    return ParseStatus::Ok;
}

ParseStatus scaled_digits_to_bytes(const ScaledDigits& digits, std::size_t bytes, bool is_unsigned,
                                   char* out) {
    std::uint64_t limbs[4] = {0, 0, 0, 0}; // least significant first
    if (digits.size <= 19) {
        for (std::size_t i = 0; i < digits.size; ++i) {
            limbs[0] = limbs[0] * 10 + static_cast<std::uint64_t>(digits.digits[i] - '0');
        }
    } else {
        for (std::size_t i = 0; i < digits.size; ++i) {
            unsigned __int128 carry = static_cast<unsigned>(digits.digits[i] - '0');
            for (std::uint64_t& limb : limbs) {
                carry += static_cast<unsigned __int128>(limb) * 10;
                limb = static_cast<std::uint64_t>(carry);
                carry >>= 64;
            }
            if (carry != 0) {
                return ParseStatus::OutOfRange;
            }
        }
    }
    // Magnitude limits: unsigned < 2^bits; signed positive < 2^(bits-1), negative <= 2^(bits-1).
    if (is_unsigned && digits.negative) {
        return ParseStatus::OutOfRange;
    }
    const std::size_t value_bits = is_unsigned ? bytes * 8 : bytes * 8 - 1;
    const auto zero_from = [&limbs](std::size_t bit) { // all bits at `bit` and above are zero
        if (bit >= 256) {
            return true;
        }
        std::size_t limb = bit / 64;
        if ((limbs[limb] >> (bit % 64)) != 0) {
            return false;
        }
        while (++limb < 4) {
            if (limbs[limb] != 0) {
                return false;
            }
        }
        return true;
    };
    if (!zero_from(value_bits)) {
        // Only -2^(bits-1) itself still fits: that bit set, all others clear.
        const std::size_t limb = value_bits / 64;
        const std::uint64_t mask = std::uint64_t{1} << (value_bits % 64);
        bool exact_min = !is_unsigned && digits.negative && zero_from(value_bits + 1) && limbs[limb] == mask;
        for (std::size_t i = 0; i < limb; ++i) {
            exact_min = exact_min && limbs[i] == 0;
        }
        if (!exact_min) {
            return ParseStatus::OutOfRange;
        }
    }
    if (digits.negative) {
        unsigned __int128 carry = 1;
        for (std::uint64_t& limb : limbs) {
            carry += static_cast<std::uint64_t>(~limb);
            limb = static_cast<std::uint64_t>(carry);
            carry >>= 64;
        }
    }
    std::memcpy(out, limbs, bytes);
    return ParseStatus::Ok;
}

void append_scaled_digits(const ScaledDigits& digits, int scale, std::string& out) {
    if (digits.size == 0) {
        out += '0';
        return;
    }
    if (digits.negative) {
        out += '-';
    }
    const auto size = static_cast<int>(digits.size);
    if (size > scale) {
        out.append(digits.digits, static_cast<std::size_t>(size - scale));
        if (scale > 0) {
            out += '.';
            out.append(digits.digits + size - scale, static_cast<std::size_t>(scale));
        }
    } else {
        out += "0.";
        out.append(static_cast<std::size_t>(scale - size), '0');
        out.append(digits.digits, static_cast<std::size_t>(size));
    }
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
    // Howard Hinnant's algorithm (days_from_civil), proleptic Gregorian.
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

namespace {
/// YYYY-MM-DD at the start of `text`: Ok with the fields (all zero for the zero date), else Invalid.
ParseStatus civil_date_prefix(std::string_view text, int& year, unsigned& month, unsigned& day) {
    unsigned y = 0;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !fixed_digits(text.data(), 4, y) ||
        !fixed_digits(text.data() + 5, 2, month) || !fixed_digits(text.data() + 8, 2, day)) {
        return ParseStatus::Invalid;
    }
    year = static_cast<int>(y);
    if (year == 0 && month == 0 && day == 0) {
        return ParseStatus::Ok;
    }
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        return ParseStatus::Invalid;
    }
    return ParseStatus::Ok;
}
} // namespace

ParseStatus parse_date(std::string_view text, std::int64_t& days) {
    if (text.size() >= 5 && text[4] == '-') {
        int year = 0;
        unsigned month = 0;
        unsigned day = 0;
        if (text.size() != 10 || civil_date_prefix(text, year, month, day) != ParseStatus::Ok) {
            return ParseStatus::Invalid;
        }
        days = year == 0 ? 0 : days_from_civil(year, month, day);
        return ParseStatus::Ok;
    }
    return parse_integer(text, days);
}

bool DateTimeValue::utc_ticks(int precision, std::int64_t& ticks) const {
    const __int128 seconds =
        static_cast<__int128>(days_from_civil(year, month, day)) * 86400 + hour * 3600 + minute * 60 + second;
    const __int128 result = seconds * kPowersOf10[precision] + fraction;
    if (result < INT64_MIN || result > INT64_MAX) {
        return false;
    }
    ticks = static_cast<std::int64_t>(result);
    return true;
}

ParseStatus parse_datetime(std::string_view text, int precision, DateTimeValue& value) {
    value = DateTimeValue{};
    if (text.size() < 5 || text[4] != '-') {
        // A unix timestamp: [-]seconds[.fraction].
        ScaledDigits digits;
        if (text.find_first_of("eE") != std::string_view::npos) {
            return ParseStatus::Invalid;
        }
        const ParseStatus status = parse_scaled_digits(text, precision, 19, true, digits);
        if (status != ParseStatus::Ok) {
            return status;
        }
        if (scaled_digits_to_bytes(digits, 8, false, reinterpret_cast<char*>(&value.ticks)) !=
            ParseStatus::Ok) {
            return ParseStatus::OutOfRange;
        }
        value.absolute = true;
        return ParseStatus::Ok;
    }
    if (civil_date_prefix(text, value.year, value.month, value.day) != ParseStatus::Ok) {
        return ParseStatus::Invalid;
    }
    const char* p = text.data() + 10;
    const char* const end = text.data() + text.size();
    if (p != end) {
        if ((*p != ' ' && *p != 'T') || end - p < 9 || p[3] != ':' || p[6] != ':' ||
            !fixed_digits(p + 1, 2, value.hour) || !fixed_digits(p + 4, 2, value.minute) ||
            !fixed_digits(p + 7, 2, value.second)) {
            return ParseStatus::Invalid;
        }
        p += 9;
        const ParseStatus status = read_fraction(p, end, precision, value.fraction);
        if (status != ParseStatus::Ok) {
            return status;
        }
    }
    bool has_zone = false;
    int offset = 0;
    if (!read_zone(p, end, has_zone, offset) || p != end) {
        return ParseStatus::Invalid;
    }
    if (value.year == 0) { // the zero date (and time): the server reads it as the epoch
        if (value.hour != 0 || value.minute != 0 || value.second != 0 || value.fraction != 0 || has_zone) {
            return ParseStatus::Invalid;
        }
        value = DateTimeValue{};
        value.absolute = true;
        return ParseStatus::Ok;
    }
    if (value.hour > 23 || value.minute > 59 || value.second > 59) {
        return ParseStatus::Invalid;
    }
    if (has_zone) {
        if (!value.utc_ticks(precision, value.ticks)) {
            return ParseStatus::OutOfRange;
        }
        const __int128 shifted =
            static_cast<__int128>(value.ticks) - static_cast<__int128>(offset) * kPowersOf10[precision];
        if (shifted < INT64_MIN || shifted > INT64_MAX) {
            return ParseStatus::OutOfRange;
        }
        value.ticks = static_cast<std::int64_t>(shifted);
        value.absolute = true;
    }
    return ParseStatus::Ok;
}

void append_date(std::int64_t days, std::string& out) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(days, year, month, day);
    append_padded(static_cast<std::uint64_t>(year), 4, out);
    out += '-';
    append_padded(month, 2, out);
    out += '-';
    append_padded(day, 2, out);
}

void append_civil_datetime(const DateTimeValue& value, int precision, std::string& out) {
    append_padded(static_cast<std::uint64_t>(value.year), 4, out);
    out += '-';
    append_padded(value.month, 2, out);
    out += '-';
    append_padded(value.day, 2, out);
    out += ' ';
    append_padded(value.hour, 2, out);
    out += ':';
    append_padded(value.minute, 2, out);
    out += ':';
    append_padded(value.second, 2, out);
    if (precision > 0) {
        out += '.';
        append_padded(static_cast<std::uint64_t>(value.fraction), precision, out);
    }
}

void append_ticks(std::int64_t ticks, int precision, std::string& out) {
    std::uint64_t magnitude =
        ticks < 0 ? 0 - static_cast<std::uint64_t>(ticks) : static_cast<std::uint64_t>(ticks);
    if (ticks < 0) {
        out += '-';
    }
    const auto scale = static_cast<std::uint64_t>(kPowersOf10[precision]);
    // At least 10 digits: 18.16 reads a shorter unix time only when more input follows in its buffer.
    const std::uint64_t seconds = magnitude / scale;
    if (ticks >= 0 && seconds < 10000000000ULL) {
        append_padded(seconds, 10, out);
    } else {
        char buffer[24];
        out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, seconds).ptr);
    }
    if (precision > 0) {
        out += '.';
        append_padded(magnitude % scale, precision, out);
    }
}

namespace {
constexpr std::array<std::int8_t, 256> kHexValues = [] {
    std::array<std::int8_t, 256> table{};
    table.fill(-1);
    for (int i = 0; i < 10; ++i) {
        table['0' + i] = static_cast<std::int8_t>(i);
    }
    for (int i = 0; i < 6; ++i) {
        table['a' + i] = static_cast<std::int8_t>(10 + i);
        table['A' + i] = static_cast<std::int8_t>(10 + i);
    }
    return table;
}();

/// Appends `count` hex digits at `p` to `half`; false on a non-hex character.
bool read_hex(const char*& p, int count, std::uint64_t& half) {
    for (int i = 0; i < count; ++i) {
        const std::int8_t nibble = kHexValues[static_cast<unsigned char>(*p++)];
        if (nibble < 0) {
            return false;
        }
        half = (half << 4) | static_cast<std::uint64_t>(nibble);
    }
    return true;
}

bool read_dash(const char*& p) {
    return *p++ == '-';
}
} // namespace

ParseStatus parse_uuid(std::string_view text, std::uint64_t& high, std::uint64_t& low) {
    high = 0;
    low = 0;
    const char* p = text.data();
    bool ok = false;
    if (text.size() == 36) {
        ok = read_hex(p, 8, high) && read_dash(p) && read_hex(p, 4, high) && read_dash(p) &&
             read_hex(p, 4, high) && read_dash(p) && read_hex(p, 4, low) && read_dash(p) &&
             read_hex(p, 12, low);
    } else if (text.size() == 32) {
        ok = read_hex(p, 16, high) && read_hex(p, 16, low);
    }
    return ok ? ParseStatus::Ok : ParseStatus::Invalid;
}

void append_uuid(std::uint64_t high, std::uint64_t low, std::string& out) {
    constexpr char kHex[] = "0123456789abcdef";
    char buffer[36];
    int position = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) {
            buffer[position++] = '-';
        }
        const std::uint64_t half = i < 16 ? high : low;
        buffer[position++] = kHex[(half >> (60 - 4 * (i % 16))) & 0xf];
    }
    out.append(buffer, sizeof buffer);
}

std::optional<char> control_escape(char c) {
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case '0':
        return '\0';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'a':
        return '\a';
    case 'v':
        return '\v';
    case 'e':
        return '\x1b';
    default:
        return std::nullopt;
    }
}

void append_tsv_escaped(std::string_view text, std::string& out) {
    const char* run = text.data();
    const char* const end = run + text.size();
    for (const char* p = run; p != end; ++p) {
        char escape = 0;
        switch (*p) {
        case '\\':
            escape = '\\';
            break;
        case '\t':
            escape = 't';
            break;
        case '\n':
            escape = 'n';
            break;
        case '\r':
            escape = 'r';
            break;
        case '\0':
            escape = '0';
            break;
        default:
            continue;
        }
        out.append(run, p);
        out += '\\';
        out += escape;
        run = p + 1;
    }
    out.append(run, end);
}

} // namespace ferry::clickhouse
