#pragma once
/// Values that alone make a column a String: one "n/a" or "12abc" among a thousand numbers. Read strictly,
/// the column must hold every value, so it is a String and the note says which line made it one. With
/// `--on-error skip` the row holding the outlier is a bad row like any other (its value does not load into
/// the type the rest agree on), so it is left out of the types and the import rejects it - the same
/// treatment skip mode gives a row of the wrong width (docs/dirty-rows.md, "`--create` with `--on-error
/// skip`").
///
/// An outlier is a value that is no number, date or date-time, in a column where at most 1 in 100 sampled
/// values (at least 1) are such, at least kMinTypedValues others are left, and those others agree on a type
/// other than String. A column of mostly text, or of text in many rows, stays a String.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "formats/sniffer/sample_rows.h"

namespace ferry::formats::sniffer {

inline constexpr std::size_t kMinTypedValues = 5;

struct TypeOutlier {
    std::size_t row = 0;        ///< index in `rows`
    std::uint64_t line = 0;     ///< the row's SampleRow::line
    std::size_t column = 0;     ///< 0-based
    std::string value;
    std::string type_without;   ///< the column's type without its outliers ("Int64", "Nullable(Date)")
    std::size_t others = 0;     ///< sampled non-NULL values of that type
};

/// The outliers of every column of `rows` (rows of another width or malformed are not looked at).
std::vector<TypeOutlier> type_outliers(std::span<const SampleRow> rows, std::size_t width, bool decimal_comma);

} // namespace ferry::formats::sniffer
