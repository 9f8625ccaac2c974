#pragma once
/// Schema discovery: tables and columns of a database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"

namespace ferry::clickhouse {

struct TableInfo {
    std::string name;
    std::string engine;
    std::optional<std::uint64_t> rows; ///< unknown for engines that do not keep a count
};

struct ColumnInfo {
    std::string name;
    std::string type;
};

/// Tables of the connection's database, sorted by name. Uses system.tables.total_rows where the server
/// has it (20.x+), else sums active parts from system.parts.
std::vector<TableInfo> list_tables(HttpClient& client);
/// Columns of `table` in the connection's database in table order; Error(Query) naming the table when it
/// does not exist.
std::vector<ColumnInfo> list_columns(HttpClient& client, const std::string& table);
bool table_exists(HttpClient& client, const std::string& table);

} // namespace ferry::clickhouse
