#pragma once
/// Infers a file's columns and ClickHouse types from a sample of its records.

#include <cstddef>
#include <string>
#include <vector>

#include "formats/csv_reader.h"

namespace ferry::formats {

struct ColumnSchema {
    std::string name;
    std::string type; ///< a ClickHouse type: Int64, UInt64, Float64, Date, DateTime, String, or Nullable(T)
};

/// Reads up to `sample_rows` records (plus the header when `dialect.header`) from a fresh reader.
/// Without a header, columns are named c1, c2, ... Types, narrowest that fits every non-null sample value:
/// Int64 (UInt64 if only too large for Int64), Float64, Date (YYYY-MM-DD), DateTime (YYYY-MM-DD hh:mm:ss),
/// else String. A column with any NULL (empty unquoted) value is Nullable(T); a column of only NULLs is
/// Nullable(String). Duplicate or empty header names throw Error(Data).
std::vector<ColumnSchema> infer_schema(CsvReader& reader, const Dialect& dialect, std::size_t sample_rows = 1000);

} // namespace ferry::formats
