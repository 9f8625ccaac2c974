#include <boost/json.hpp>

#include "clickhouse/catalog.h"
#include "clickhouse/create_table_sql.h"
#include "clickhouse/http_client.h"
#include "pipeline/load_strategy.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/router.h"
#include "server/routes.h"

namespace ferry::server {

void add_clickhouse_routes(Router& router, RouteContext context) {
    router.add("POST", "/api/clickhouse/tables", [context](Request& request) {
        const auto parsed = parse_tables_request(request.body);
        context.clickhouse_allow.check(parsed.connection);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, tables_json(clickhouse::list_tables(client)));
        });
    });

    // The statement a job with "create": true would run, to show before it starts. Needs no server, so
    // opens no connection and needs no --clickhouse-allow check.
    router.add("POST", "/api/clickhouse/create_statement", [](Request& request) {
        const auto parsed = parse_create_statement_request(request.body);
        clickhouse::TableDefinition definition;
        definition.table = parsed.table;
        for (const auto& column : parsed.new_table.schema) {
            definition.columns.push_back({column.name, column.type});
        }
        definition.order_by = parsed.new_table.order_by;
        definition.partition_by = parsed.new_table.partition_by;
        definition.engine = parsed.new_table.engine;
        return Response::json(200,
                              boost::json::serialize(boost::json::object{{"sql", clickhouse::create_table_sql(definition)}}));
    });

    router.add("POST", "/api/clickhouse/columns", [context](Request& request) {
        const auto parsed = parse_columns_request(request.body);
        context.clickhouse_allow.check(parsed.connection);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, columns_json(clickhouse::list_columns(client, parsed.table)));
        });
    });

    router.add("POST", "/api/clickhouse/load_plan", [context](Request& request) {
        const auto parsed = parse_load_plan_request(request.body);
        context.clickhouse_allow.check(parsed.connection);
        return without_secrets_in_errors(parsed.connection, [&] {
            clickhouse::HttpClient client(parsed.connection);
            return Response::json(200, load_plan_json(pipeline::plan_for_table(client, parsed.table, parsed.mode)));
        });
    });
}

} // namespace ferry::server
