#include "clickhouse/catalog_sql.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "clickhouse/sql.h"
#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse::catalog_sql {

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

/// The first field of the first row, "" when there is none.
std::string first_field(std::string_view answer) {
    const auto rows = parse_tsv(answer);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0].value_or("");
}

/// The rows of an answer, each with at least `columns` fields; Error(Internal) otherwise.
std::vector<Row> rows_of(std::string_view answer, std::size_t columns) {
    auto rows = parse_tsv(answer);
    for (const auto& row : rows) {
        if (row.size() < columns) {
            throw Error(ErrorKind::Internal, "unexpected answer from ClickHouse: " + printable_value(answer));
        }
    }
    return rows;
}

} // namespace

std::string total_rows_probe() {
    return "SELECT count() FROM system.columns WHERE database = 'system' AND table = 'tables' AND "
           "name = 'total_rows'";
}

bool parse_total_rows_probe(std::string_view answer) {
    return first_field(answer) == "1";
}

std::string tables_with_total_rows() {
    return "SELECT name, engine, total_rows FROM system.tables WHERE database = currentDatabase() ORDER BY "
           "name";
}

std::vector<TableInfo> parse_tables_with_total_rows(std::string_view answer) {
    std::vector<TableInfo> tables;
    for (auto& row : rows_of(answer, 3)) {
        tables.push_back({row[0].value_or(""), row[1].value_or(""), parse_count(row[2])});
    }
    return tables;
}

std::string tables_without_rows() {
    return "SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name";
}

std::string part_rows() {
    return "SELECT table, sum(rows) FROM system.parts WHERE database = currentDatabase() AND active "
           "GROUP BY table";
}

std::vector<TableInfo> parse_tables_and_part_rows(std::string_view tables_answer,
                                                  std::string_view parts_answer) {
    std::map<std::string, std::uint64_t> part_rows;
    for (auto& row : rows_of(parts_answer, 2)) {
        part_rows[row[0].value_or("")] = parse_count(row[1]).value_or(0);
    }
    std::vector<TableInfo> tables;
    for (auto& row : rows_of(tables_answer, 2)) {
        TableInfo table{row[0].value_or(""), row[1].value_or(""), std::nullopt};
        if (table.engine.find("MergeTree") != std::string::npos) {
            const auto it = part_rows.find(table.name);
            table.rows = it == part_rows.end() ? 0 : it->second;
        }
        tables.push_back(std::move(table));
    }
    return tables;
}

std::string describe(std::string_view table) {
    return "DESCRIBE TABLE " + quote_identifier(table);
}

std::vector<ColumnInfo> parse_describe(std::string_view answer) {
    std::vector<ColumnInfo> columns;
    for (auto& row : rows_of(answer, 3)) {
        const std::string kind = row[2].value_or("");
        if (kind == "ALIAS" || kind == "MATERIALIZED" || kind == "EPHEMERAL") {
            continue;
        }
        columns.push_back({row[0].value_or(""), row[1].value_or("")});
    }
    return columns;
}

std::string table_exists(std::string_view table) {
    return "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = " +
           quote_string(table);
}

std::string table_part_bytes(std::string_view table) {
    return "SELECT sum(data_uncompressed_bytes), count() FROM system.parts WHERE database = currentDatabase() AND "
           "active AND table = " +
           quote_string(table);
}

std::optional<std::uint64_t> parse_table_part_bytes(std::string_view answer) {
    const auto rows = parse_tsv(answer);
    if (rows.size() != 1 || rows[0].size() != 2 || !rows[0][0] || !rows[0][1] || *rows[0][1] == "0") {
        return std::nullopt;
    }
    std::uint64_t bytes = 0;
    const std::string& text = *rows[0][0];
    if (std::from_chars(text.data(), text.data() + text.size(), bytes).ec != std::errc{}) {
        return std::nullopt;
    }
    return bytes;
}

bool parse_table_exists(std::string_view answer) {
    const std::string count = first_field(answer);
    return !count.empty() && count != "0";
}

std::string server_timezone() {
    return "SELECT timezone()";
}

std::string parse_server_timezone(std::string_view answer) {
    return first_field(answer);
}

} // namespace ferry::clickhouse::catalog_sql
