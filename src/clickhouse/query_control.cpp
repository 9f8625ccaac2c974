#include "clickhouse/query_control.h"

#include "clickhouse/http_client.h"
#include "clickhouse/sql.h"

namespace ferry::clickhouse {

void kill_query(const Connection& connection, std::string_view query_id) noexcept {
    if (query_id.empty()) {
        return;
    }
    try {
        HttpClient client(connection);
        client.query("KILL QUERY WHERE query_id = " + quote_string(query_id) + " ASYNC FORMAT TabSeparated");
    } catch (...) {
        // Nothing to do: the query dies with its connection or the server.
    }
}

} // namespace ferry::clickhouse
