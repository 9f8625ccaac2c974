#pragma once
/// Type detection for schema inference: which ClickHouse type a text value fits, and the narrowest type
/// that fits every value of a column. Conservative by design: a type is only chosen when loading the text
/// into it and printing it back gives the same value, so "007" stays a String and dates outside
/// ClickHouse's Date/DateTime ranges stay Strings.

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::formats {

enum class ValueType { Int64, UInt64, Float64, Date, DateTime, String };

/// Int64: -?[0-9]+ without leading zeros that fits in int64 (UInt64 when it only fits uint64).
/// Float64: decimal point and/or exponent (1.5, -0.25, .5, 1e10, 2.5E-3), no leading zeros, not inf/nan.
/// Date: YYYY-MM-DD, a real calendar day in 1970-01-01..2149-06-06 (ClickHouse's Date range).
/// DateTime: YYYY-MM-DD hh:mm:ss or YYYY-MM-DDThh:mm:ss, years 1970..2105 (DateTime is 32-bit).
ValueType detect_value_type(std::string_view value);

/// Folds the values of one column into its type.
class ColumnTypeDetector {
public:
    /// `value` is a non-NULL value (an empty quoted string counts and makes the column a String).
    void add(std::string_view value);
    void add_null() { nullable_ = true; }
    /// "Int64", "Nullable(Float64)", ...; a column without non-NULL values is String.
    std::string type() const;

private:
    bool seen_ = false;
    bool nullable_ = false;
    bool any_negative_int_ = false;
    bool any_int_beyond_double_ = false; ///< |value| > 2^53: a Float64 column would change it
    bool any_int_ = false;
    bool any_uint_ = false;
    bool any_float_ = false;
    bool any_date_ = false;
    bool any_datetime_ = false;
    bool any_string_ = false;
};

} // namespace ferry::formats
