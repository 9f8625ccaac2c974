#pragma once
/// The catalog's statements and the readers of their answers, without a connection: list_tables(),
/// list_columns() and table_exists() (catalog.h) send these and parse the TabSeparated replies with these,
/// and the modern lane runs the same text in the ClickHouse 26.5 engine. Every statement reads the
/// connection's database through currentDatabase().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/catalog.h"
#include "clickhouse/query_rows.h"

namespace ferry::clickhouse::catalog_sql {

/// Fields of TabSeparated answers (unescaped; NULL is nullopt), as query_rows.h reads them.
using clickhouse::Field;
using clickhouse::parse_tsv;
using clickhouse::Row;

/// The server-feature probe behind list_tables(): whether system.tables has total_rows (20.x+; 18.16 has
/// not). Asks system.columns, which is exact where a version number would have to guess. Answer: "1" or "0".
std::string total_rows_probe();
bool parse_total_rows_probe(std::string_view answer);

/// Tables with their row counts from system.tables.total_rows (servers that have it).
std::string tables_with_total_rows();
std::vector<TableInfo> parse_tables_with_total_rows(std::string_view answer);
/// The fallback for servers without total_rows: the tables, and the rows of their active parts (only the
/// MergeTree family keeps a count then; a MergeTree table without parts is empty).
std::string tables_without_rows();
std::string part_rows();
std::vector<TableInfo> parse_tables_and_part_rows(std::string_view tables, std::string_view parts);

/// DESCRIBE TABLE `table`: columns in table order; fails (code 60) naming the table when it is missing.
std::string describe(std::string_view table);
/// The columns that can be inserted and selected: ALIAS, MATERIALIZED and EPHEMERAL columns are left out
/// (computed, or insert-only, so SELECT * does not return them).
std::vector<ColumnInfo> parse_describe(std::string_view answer);

/// count() of tables named `table` in the database: "0" or "1".
std::string table_exists(std::string_view table);
bool parse_table_exists(std::string_view answer);

/// The uncompressed bytes and count of the active parts of `table` (MergeTree family; other engines have no
/// parts): "bytes\tparts". Counted so, a table with no parts tells nothing about its size.
std::string table_part_bytes(std::string_view table);
/// The bytes, or nullopt when the table has no parts.
std::optional<std::uint64_t> parse_table_part_bytes(std::string_view answer);

/// The server's time zone (the zone of DateTime columns without their own), as `SELECT timezone()`.
std::string server_timezone();
std::string parse_server_timezone(std::string_view answer);

} // namespace ferry::clickhouse::catalog_sql
