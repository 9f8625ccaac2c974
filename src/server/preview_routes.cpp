#include "pipeline/preview.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/router.h"
#include "server/routes.h"

namespace ferry::server {

void add_preview_routes(Router& router, RouteContext context) {
    router.add("POST", "/api/preview", [context](Request& request) {
        const auto parsed = parse_preview_request(request.body);
        if (const auto* file = std::get_if<FileEndpoint>(&parsed.source)) {
            const auto spec = to_file_spec(*file, context.data_dir(request), true);
            return Response::json(200,
                                  preview_json(pipeline::preview_file(spec, parsed.columns, parsed.limit, true)));
        }
        const auto& source = std::get<ClickHouseEndpoint>(parsed.source);
        context.clickhouse_allow.check(source.connection);
        return without_secrets_in_errors(source.connection, [&] {
            return Response::json(
                200, preview_json(pipeline::preview_clickhouse(source.connection, to_table_source(source),
                                                               parsed.columns, parsed.limit, true)));
        });
    });
}

} // namespace ferry::server
