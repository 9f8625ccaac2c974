#pragma once
/// Strict parsers for the text of one value (as read from a flat file) and the few writers the insert
/// encoders share. Parsers never throw and never allocate: they report a ParseStatus and the caller words
/// the error. Accepted forms are documented per function; surrounding whitespace is never accepted.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::clickhouse {

enum class ParseStatus {
    Ok,
    Invalid,    ///< not a value of the type
    OutOfRange, ///< a number of the right shape that does not fit
    TooPrecise, ///< non-zero digits after the point beyond the type's scale
};

/// Integers for Int8..Int64 / UInt8..UInt64: [+-]digits. A minus sign on an unsigned type is OutOfRange
/// unless the number is zero.
template <typename T> ParseStatus parse_integer(std::string_view text, T& value);

/// Floats through std::from_chars (correctly rounded): an optional leading '+', decimal or exponent
/// notation, inf/infinity/nan in any case. A finite number whose magnitude overflows is OutOfRange.
ParseStatus parse_float(std::string_view text, double& value);
ParseStatus parse_float(std::string_view text, float& value);

/// The decimal digits of a number scaled by 10^scale, as an exact integer: `text` is
/// [+-]digits[.digits][(e|E)[+-]digits] (at least one digit before or after the point; no exponent when
/// `allow_fraction` is false, nor a point). Non-zero digits beyond `scale` are TooPrecise; more than
/// `max_digits` significant digits are OutOfRange.
struct ScaledDigits {
    bool negative = false; ///< never set for zero
    std::uint8_t size = 0; ///< significant digits, 0 for zero
    char digits[80] = {};  ///< '0'..'9', most significant first, no leading zeros
};
ParseStatus parse_scaled_digits(std::string_view text, int scale, int max_digits, bool allow_fraction,
                                ScaledDigits& out);

/// Two's-complement little-endian integer of `bytes` bytes (4, 8, 16 or 32) from `digits`. OutOfRange when
/// it does not fit a signed (or, if `is_unsigned`, unsigned) integer of that width.
ParseStatus scaled_digits_to_bytes(const ScaledDigits& digits, std::size_t bytes, bool is_unsigned,
                                   char* out);
/// Writes `digits` as decimal text with `scale` digits after the point ("-12.50", "0", "0.05").
void append_scaled_digits(const ScaledDigits& digits, int scale, std::string& out);

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day);

/// A date: YYYY-MM-DD (years 1900..2299), the zero date 0000-00-00 (= 1970-01-01, as old servers print
/// it), or an integer number of days since 1970-01-01. `days` is not range-checked for the column type.
ParseStatus parse_date(std::string_view text, std::int64_t& days);

/// A point in time at `precision` digits after the second (0 for DateTime).
struct DateTimeValue {
    /// True when the text named an instant: a unix timestamp ([-]seconds[.fraction]), a civil time with a
    /// zone (`Z`, `+hh:mm`, `-hhmm`, `+hh`) or the zero time. Then `ticks` holds it. Otherwise the civil
    /// fields hold a wall-clock time whose zone is the column's.
    bool absolute = false;
    std::int64_t ticks = 0; ///< units of 10^-precision seconds since 1970-01-01 00:00:00 UTC
    int year = 1970;
    unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::int64_t fraction = 0; ///< units of 10^-precision seconds
    /// The civil fields read as UTC, in ticks; false when that overflows 64 bits.
    bool utc_ticks(int precision, std::int64_t& ticks) const;
};
/// Accepts YYYY-MM-DD, YYYY-MM-DD hh:mm:ss, YYYY-MM-DDThh:mm:ss, each time optionally followed by
/// .fraction and a zone, the zero forms 0000-00-00[ 00:00:00], and unix timestamps.
ParseStatus parse_datetime(std::string_view text, int precision, DateTimeValue& value);
/// "YYYY-MM-DD hh:mm:ss[.fraction]" of the civil fields.
void append_civil_datetime(const DateTimeValue& value, int precision, std::string& out);
/// "YYYY-MM-DD".
void append_date(std::int64_t days, std::string& out);
/// `ticks` as [-]seconds[.fraction] with `precision` fraction digits, non-negative seconds zero-padded to 10
/// digits.
void append_ticks(std::int64_t ticks, int precision, std::string& out);

/// A UUID as 8-4-4-4-12 hex digits, or 32 hex digits without dashes, in any case.
ParseStatus parse_uuid(std::string_view text, std::uint64_t& high, std::uint64_t& low);
/// Lowercase 8-4-4-4-12 form.
void append_uuid(std::uint64_t high, std::uint64_t low, std::string& out);

/// The control byte a ClickHouse backslash escape stands for (`\n` `\t` `\r` `\0` `\b` `\f` `\a` `\v`
/// `\e`), or nullopt for any other character, whose meaning differs between the places that read escapes.
std::optional<char> control_escape(char c);

/// Appends `text` with TabSeparated escaping: backslash, tab, line feed, carriage return and NUL become
/// \\ \t \n \r \0; every other byte is literal.
void append_tsv_escaped(std::string_view text, std::string& out);

} // namespace ferry::clickhouse
