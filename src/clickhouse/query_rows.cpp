#include "clickhouse/query_rows.h"

#include "clickhouse/catalog_sql.h"
#include "common/error.h"

namespace ferry::clickhouse {

std::vector<Row> parse_tsv(std::string_view body) { return catalog_sql::parse_tsv(body); }

std::vector<Row> query_rows(HttpClient& client, const std::string& sql, std::size_t columns) {
    auto rows = parse_tsv(client.query(sql + " FORMAT TabSeparated"));
    for (const auto& row : rows) {
        if (row.size() < columns) {
            throw Error(ErrorKind::Internal, "unexpected answer from ClickHouse to: " + sql);
        }
    }
    return rows;
}

} // namespace ferry::clickhouse
