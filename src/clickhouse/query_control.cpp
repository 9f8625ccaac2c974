#include "clickhouse/query_control.h"

#include "clickhouse/http_client.h"
#include "clickhouse/sql.h"

namespace ferry::clickhouse {

std::string kill_query_sql(std::string_view query_id) {
    return "KILL QUERY WHERE query_id = " + quote_string(query_id) + " ASYNC";
}

void kill_query(const Connection& connection, std::string_view query_id) noexcept {
    if (query_id.empty()) {
        return;
    }
    try {
        HttpClient client(connection);
        client.query(kill_query_sql(query_id) + " FORMAT TabSeparated");
    } catch (...) {
        // Nothing to do: the query dies with its connection or the server.
    }
}

} // namespace ferry::clickhouse
