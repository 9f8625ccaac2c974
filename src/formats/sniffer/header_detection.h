#pragma once
/// Whether the first row of the table is a header. As in DuckDB's sniffer: the rows below decide each
/// column's type; a first-row cell that does not fit its column's type (a name above numbers or dates)
/// means a header, and a first row that fits every typed column means data (a header-less file of numbers
/// keeps its first row). When every column is text, the first row is a header if its cells are non-empty,
/// distinct and none of them recurs below it. A file of one row is a header if no cell looks like a
/// number, date or boolean.

#include <span>
#include <vector>

#include "formats/sniffer/sample_rows.h"
#include "formats/type_detector.h"

namespace ferry::formats::sniffer {

struct HeaderGuess {
    bool header = true;
    double confidence = 0.5;
};

/// `first` is the candidate header; `below` the detectors of the rows after it (empty for a one-row file);
/// `rows_below` those rows.
HeaderGuess detect_header(const SampleRow& first, const std::vector<ColumnTypeDetector>& below,
                          std::span<const SampleRow> rows_below);

} // namespace ferry::formats::sniffer
