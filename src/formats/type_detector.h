#pragma once
/// Type detection for schema inference: which ClickHouse type a text value fits, and the type that fits
/// every value of a column. Conservative by design: a type is only chosen when loading the text into it
/// (after the column's ValueFormat conversion, value_normalizer.h) gives back the same value, so "007"
/// stays a String, dates outside ClickHouse's ranges stay Strings, and a column whose dates could be read
/// two ways stays a String and says why.
///
/// The rules, per column (every non-NULL value must fit):
/// - Integers: Int64; UInt64 only when a value is too large for Int64. Ferry does not narrow to Int32 or
///   smaller from a sample: a loader must hold the rows it has not looked at, and 64-bit integers cost
///   little after ClickHouse's compression (the same choice as ClickHouse's and DuckDB's inference).
/// - Numbers with a fraction: Decimal(18, S) when every fractional value is written with the same number
///   S of digits after the point, 2 <= S <= 4, no exponent and at most 18 digits in all (money and rates
///   written as such: "19.99", "0.0725"); otherwise Float64. With a decimal comma ("1,50", "1.234,50") the
///   same rules apply, and the ValueFormat says to convert.
/// - Booleans: true/false, yes/no, t/f in any case -> Bool (the caller maps it to UInt8 on servers without
///   Bool). A column of 0/1 stays an integer.
/// - Dates: YYYY-MM-DD -> Date; YYYY/MM/DD, and DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, DD-MM-YYYY (day and
///   month one or two digits) -> Date when the sample decides the order: a first part above 12 means
///   day-first, a second part above 12 month-first, dots mean day-first; if every value reads both ways the
///   column stays a String with a note. Date covers 1970-01-01..2149-06-06; anything else is a String.
/// - Date-times: YYYY-MM-DD[ T]hh:mm:ss[.fraction][Z|+hh:mm|-hhmm|+hh] -> DateTime (no fraction) or
///   DateTime64(3|6|9) (the fewest that hold every fraction); with a zone the values are instants and the
///   type is DateTime('UTC') / DateTime64(P, 'UTC'). Mixing zoned and unzoned values gives a String.
///   The day-first/month-first forms may carry " hh:mm[:ss]" and then give DateTime.
/// - Anything else, or a mix of the kinds above, is a String.
/// A column with any NULL (empty unquoted) value is Nullable(T); a column of only NULLs is Nullable(String).

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::formats {

enum class ValueType { Int64, UInt64, Float64, Date, DateTime, String };

/// Int64: -?[0-9]+ without leading zeros that fits in int64 (UInt64 when it only fits uint64).
/// Float64: decimal point and/or exponent (1.5, -0.25, .5, 1e10, 2.5E-3), no leading zeros, not inf/nan.
/// Date: YYYY-MM-DD, a real calendar day in 1970-01-01..2149-06-06 (ClickHouse's Date range).
/// DateTime: YYYY-MM-DD hh:mm:ss or YYYY-MM-DDThh:mm:ss (with optional fraction and zone), years
/// 1970..2105.
ValueType detect_value_type(std::string_view value);

/// How a column's text must be converted before ClickHouse's parsers read it (value_normalizer.h).
enum class ValueFormat {
    AsIs,
    DecimalComma, ///< "1.234,5" -> "1234.5"
    DayMonthYear, ///< "31/12/2024", "31.12.2024 10:00" -> "2024-12-31", "2024-12-31 10:00:00"
    MonthDayYear, ///< "12/31/2024" -> "2024-12-31"
    YearMonthDay, ///< "2024/12/31" -> "2024-12-31"
    BoolWord,     ///< true/yes/t -> 1, false/no/f -> 0
};
std::string_view to_string(ValueFormat format);

struct ColumnType {
    std::string type; ///< "Int64", "Nullable(Decimal(18, 2))", ...
    ValueFormat format = ValueFormat::AsIs;
    std::string note; ///< why a column that looked typed is a String ("ambiguous dates: ..."), else empty
};

/// Folds the values of one column into its type.
class ColumnTypeDetector {
public:
    /// With `decimal_comma`, "1,5" is a number (only sensible when the delimiter is not a comma).
    explicit ColumnTypeDetector(bool decimal_comma = false) : decimal_comma_(decimal_comma) {}

    /// `value` is a non-NULL value (an empty quoted string counts and makes the column a String).
    void add(std::string_view value);
    void add_null() { nullable_ = true; }
    ColumnType result() const;
    /// "Int64", "Nullable(Float64)", ...; a column without non-NULL values is String.
    std::string type() const { return result().type; }
    /// True when some value was a number written with a decimal comma.
    bool saw_decimal_comma() const { return comma_numbers_ > 0; }
    /// True when the column has a type other than String and `value` keeps it so (header detection: a
    /// header cell does not fit the type of the values below it).
    bool fits(std::string_view value) const;

private:
    bool decimal_comma_;
    bool seen_ = false;
    bool nullable_ = false;
    bool any_string_ = false;
    // integers
    bool any_int_ = false;
    bool any_uint_ = false;
    bool any_negative_int_ = false;
    bool any_int_beyond_double_ = false; ///< |value| > 2^53: a Float64 column would change it
    int max_int_digits_ = 0;
    // fractional numbers
    std::uint64_t point_numbers_ = 0;
    std::uint64_t comma_numbers_ = 0;
    bool any_exponent_ = false;
    int min_fraction_ = 99;
    int max_fraction_ = 0;
    // booleans
    bool any_bool_ = false;
    // ISO dates and times
    bool any_date_ = false;
    bool any_datetime_ = false;
    bool any_zoned_ = false;
    bool any_unzoned_ = false;
    int max_time_fraction_ = 0;
    bool any_outside_datetime_ = false; ///< a year a 32-bit DateTime cannot hold (DateTime64 can)
    // dates with the year last (or YYYY/MM/DD)
    bool any_part_date_ = false;
    bool any_part_date_time_ = false;
    bool any_part_date_plain_ = false;
    bool all_dmy_ = true;
    bool all_mdy_ = true;
    bool any_ymd_ = false;
    bool any_year_last_ = false;
};

} // namespace ferry::formats
