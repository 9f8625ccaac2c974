#include "clickhouse/catalog.h"
#include "clickhouse/http_client.h"
#include "pipeline/load_strategy.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/router.h"
#include "server/routes.h"

namespace ferry::server {

void add_clickhouse_routes(Router& router, RouteContext) {
    router.add("POST", "/api/clickhouse/tables", [](Request& request) {
        const auto parsed = parse_tables_request(request.body);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, tables_json(clickhouse::list_tables(client)));
        });
    });

    router.add("POST", "/api/clickhouse/columns", [](Request& request) {
        const auto parsed = parse_columns_request(request.body);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, columns_json(clickhouse::list_columns(client, parsed.table)));
        });
    });

    router.add("POST", "/api/clickhouse/load_plan", [](Request& request) {
        const auto parsed = parse_load_plan_request(request.body);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, load_plan_json(pipeline::plan_for_table(client, parsed.table, parsed.mode)));
        });
    });
}

} // namespace ferry::server
