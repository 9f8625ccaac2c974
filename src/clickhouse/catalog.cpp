#include "clickhouse/catalog.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

std::optional<std::uint64_t> parse_count(const Field& field) {
    if (!field) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(field->data(), field->data() + field->size(), value);
    if (ec != std::errc() || end != field->data() + field->size()) {
        return std::nullopt;
    }
    return value;
}

/// system.tables.total_rows exists from ClickHouse 20.x; asking system.columns is exact where a version
/// number would have to guess the release that added it.
bool has_total_rows(HttpClient& client) {
    const auto rows = query_rows(client,
                                 "SELECT count() FROM system.columns WHERE database = 'system' AND "
                                 "table = 'tables' AND name = 'total_rows'",
                                 1);
    return !rows.empty() && rows[0][0] == "1";
}

} // namespace

std::vector<TableInfo> list_tables(HttpClient& client) {
    std::vector<TableInfo> tables;
    // currentDatabase() is the connection's database (sent as the `database` URL parameter).
    if (has_total_rows(client)) {
        for (auto& row : query_rows(client,
                                    "SELECT name, engine, total_rows FROM system.tables "
                                    "WHERE database = currentDatabase() ORDER BY name",
                                    3)) {
            tables.push_back({row[0].value_or(""), row[1].value_or(""), parse_count(row[2])});
        }
        return tables;
    }
    std::map<std::string, std::uint64_t> part_rows;
    for (auto& row : query_rows(client,
                                "SELECT table, sum(rows) FROM system.parts "
                                "WHERE database = currentDatabase() AND active GROUP BY table",
                                2)) {
        part_rows[row[0].value_or("")] = parse_count(row[1]).value_or(0);
    }
    for (auto& row : query_rows(client,
                                "SELECT name, engine FROM system.tables WHERE database = currentDatabase() "
                                "ORDER BY name",
                                2)) {
        TableInfo table{row[0].value_or(""), row[1].value_or(""), std::nullopt};
        // Only the MergeTree family keeps parts; a table without parts yet is empty.
        if (table.engine.find("MergeTree") != std::string::npos) {
            const auto it = part_rows.find(table.name);
            table.rows = it == part_rows.end() ? 0 : it->second;
        }
        tables.push_back(std::move(table));
    }
    return tables;
}

std::vector<ColumnInfo> list_columns(HttpClient& client, const std::string& table) {
    // DESCRIBE lists columns in table order on every version and fails with code 60 naming the table when
    // it does not exist. ALIAS and MATERIALIZED columns are left out: they are computed, so they can be
    // neither inserted nor returned by SELECT *.
    std::vector<ColumnInfo> columns;
    for (auto& row : query_rows(client, "DESCRIBE TABLE " + quote_identifier(table), 3)) {
        const std::string kind = row[2].value_or("");
        if (kind == "ALIAS" || kind == "MATERIALIZED") {
            continue;
        }
        columns.push_back({row[0].value_or(""), row[1].value_or("")});
    }
    return columns;
}

bool table_exists(HttpClient& client, const std::string& table) {
    const auto rows =
        query_rows(client,
                   "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = " +
                       quote_string(table),
                   1);
    return !rows.empty() && rows[0][0] != "0";
}

} // namespace ferry::clickhouse
