#pragma once
/// Per-column types of sampled rows (the rules are in formats/type_detector.h), and whether the file writes
/// numbers with a decimal comma.

#include <span>
#include <vector>

#include "formats/sniffer/sample_rows.h"
#include "formats/type_detector.h"

namespace ferry::formats::sniffer {

/// One detector per column, fed every row of `rows` that is `width` wide.
std::vector<ColumnTypeDetector> detect_types(std::span<const SampleRow> rows, std::size_t width,
                                             bool decimal_comma);

/// True when a column of `detectors` (made with decimal commas allowed) holds decimal-comma numbers and
/// still has a numeric type: the file uses the decimal comma.
bool uses_decimal_comma(const std::vector<ColumnTypeDetector>& detectors);

} // namespace ferry::formats::sniffer
