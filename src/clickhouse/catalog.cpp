#include "clickhouse/catalog.h"

#include "clickhouse/catalog_sql.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

/// The TabSeparated answer to one of catalog_sql's statements.
std::string answer(HttpClient& client, const std::string& sql) {
    return client.query(sql + " FORMAT TabSeparated");
}

} // namespace

std::vector<TableInfo> list_tables(HttpClient& client) {
    // currentDatabase() is the connection's database (sent as the `database` URL parameter).
    if (catalog_sql::parse_total_rows_probe(answer(client, catalog_sql::total_rows_probe()))) {
        return catalog_sql::parse_tables_with_total_rows(
            answer(client, catalog_sql::tables_with_total_rows()));
    }
    const std::string parts = answer(client, catalog_sql::part_rows());
    return catalog_sql::parse_tables_and_part_rows(answer(client, catalog_sql::tables_without_rows()), parts);
}

std::vector<ColumnInfo> list_columns(HttpClient& client, const std::string& table) {
    // DESCRIBE lists columns in table order on every version and fails with code 60 naming the table when
    // it does not exist.
    return catalog_sql::parse_describe(answer(client, catalog_sql::describe(table)));
}

bool table_exists(HttpClient& client, const std::string& table) {
    return catalog_sql::parse_table_exists(answer(client, catalog_sql::table_exists(table)));
}

} // namespace ferry::clickhouse
