#pragma once
/// Header rows after the header: units ("(kg)", "EUR") or descriptions that report tools write below the
/// column names. Such a row fits none of the column types that the rows below it give, so it is left out of
/// type detection; an import then rejects it (its values do not load into the typed columns), instead of
/// every column of the table becoming a String because of it.

#include <cstddef>
#include <span>

#include "formats/sniffer/sample_rows.h"

namespace ferry::formats::sniffer {

/// How many of the first rows of `rows` (the rows after the header; at most kMaxExtraHeaderRows) are header
/// rows: every cell non-empty, and in every column that the rows below them type as other than String, a
/// value that does not fit that type. At least two rows must stay below to type the columns.
std::size_t extra_header_rows(std::span<const SampleRow> rows, std::size_t width, bool decimal_comma);

inline constexpr std::size_t kMaxExtraHeaderRows = 3;

} // namespace ferry::formats::sniffer
