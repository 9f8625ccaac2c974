#include "pipeline/export_description.h"

#include "clickhouse/http_client.h"
#include "pipeline/export_job.h"

namespace ferry::pipeline {

std::future<ExportDescription> describe_export_aside(const ExportRequest& request, const CancelToken& cancel) {
    return std::async(std::launch::async, [&request, &cancel] {
        clickhouse::HttpClient client(request.connection);
        ExportDescription description;
        description.join_support = source_join_support(client, request.source);
        description.select = source_query(request.source, request.columns, 0, description.join_support);
        description.columns =
            describe_export(client, description.select, source_settings(request.source), &cancel);
        description.wire_bytes = client.wire_bytes();
        return description;
    });
}

} // namespace ferry::pipeline
