#pragma once
/// Infers a file's columns and ClickHouse types from a sample of its records.

#include <cstddef>
#include <string>
#include <vector>

#include "formats/bad_row.h"
#include "formats/csv_reader.h"
#include "formats/type_detector.h"

namespace ferry::formats {

struct ColumnSchema {
    std::string name;
    std::string type; ///< a ClickHouse type (type_detector.h), or Nullable(T)
    ValueFormat format = ValueFormat::AsIs; ///< how values convert on import (value_normalizer.h)
    std::string note;                       ///< why a column that nearly had a type is a String
};

/// The current record of `reader` read as a header: the names, with empty cells named c<N>. Throws
/// Error(Data) "duplicate column name 'x' in header (columns 2 and 5)".
std::vector<std::string> header_names(CsvReader& reader);

/// Reads up to `sample_rows` records (plus the header when `dialect.header`) from a fresh reader, and no
/// more: the reader is left on the last sampled record. Without a header, columns are named c1, c2, ...; so
/// is an empty header cell (column N becomes cN). Types, narrowest that fits every non-null sample value:
/// Int64 (UInt64 if only too large for Int64), Float64, Date (YYYY-MM-DD), DateTime (YYYY-MM-DD hh:mm:ss),
/// else String; see type_detector.h for the exact rules (leading zeros, out-of-range dates and mixed
/// columns give String). A column with any NULL (empty unquoted) value is Nullable(T); a column of only NULLs
/// is Nullable(String). Returns no columns for an empty input. Throws Error(Data) on duplicate header names
/// ("duplicate column name 'x' in header (columns 2 and 5)") and on a sampled record of the wrong width.
/// With `bad_rows`, a sampled record that cannot be read (wrong width, broken quoting) is recorded there
/// (at most kMaxBadRows) and left out of the types instead of failing; broken quoting ends the sample.
std::vector<ColumnSchema> infer_schema(CsvReader& reader, const Dialect& dialect,
                                       std::size_t sample_rows = 1000, std::vector<BadRow>* bad_rows = nullptr);

} // namespace ferry::formats
