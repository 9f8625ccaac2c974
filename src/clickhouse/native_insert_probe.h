#pragma once
/// Asks the server whether it reads a Native block's plain column into a LowCardinality column: String
/// into LowCardinality(String), Nullable(String) into LowCardinality(Nullable(String)). Newer servers
/// convert a column whose type differs from the table's only in LowCardinality (NativeReader: "insert from
/// old clients without low cardinality type"); 18.16 fails the insert ("Bad cast from type
/// DB::ColumnString to DB::ColumnLowCardinality"). Ferry does not write LowCardinality's own dictionary
/// serialization, so without this a table with a LowCardinality column is loaded as RowBinary.
///
/// Probed, not assumed from the version: a block made by Ferry's Native encoder is read back with
/// `SELECT ... FROM format(Native, 'LowCardinality structure', unhex(...))`, which reads it through the same
/// input format with the same header conversion as an INSERT, and has no side effect. Yes only when the
/// values come back exactly; a server without format() (18.16), or one that refuses, answers no.

#include <functional>
#include <string>

namespace ferry::clickhouse {

/// `run` runs a statement (its FORMAT clause included) and returns the answer: HttpClient::query for a
/// server, the in-process engine in the modern tests. Errors other than the server's refusal (Query)
/// propagate.
bool native_plain_into_low_cardinality(const std::function<std::string(const std::string& sql)>& run);

} // namespace ferry::clickhouse
