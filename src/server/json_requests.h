#pragma once
/// JSON request bodies -> structs. Every failure is HttpError(400, usage) naming the field, e.g.
/// "'source.connection.port' must be a number from 1 to 65535". Unknown fields are ignored.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/connection.h"
#include "pipeline/transfer.h"
#include "server/endpoint.h"

namespace ferry::server {

/// `{"connection"}`
struct TablesRequest {
    clickhouse::Connection connection;
};

/// `{"connection", "table"}`
struct ColumnsRequest {
    clickhouse::Connection connection;
    std::string table;
};

/// `{"connection", "table", "mode"?}`
struct LoadPlanRequest {
    clickhouse::Connection connection;
    std::string table;
    pipeline::LoadMode mode = pipeline::LoadMode::Append;
};

/// `{"file"}`
struct FileSchemaRequest {
    FileEndpoint file;
};

constexpr std::size_t kDefaultPreviewLimit = 100;
constexpr std::size_t kMaxPreviewLimit = 1000;

/// `{"source", "columns"?, "limit"?}`; limit defaults to 100 and is capped at 1000.
struct PreviewRequest {
    Endpoint source;
    std::vector<std::string> columns;
    std::size_t limit = kDefaultPreviewLimit;
};

/// `{"source", "target", "columns"?, "again"?}`
struct JobBody {
    Endpoint source;
    Endpoint target;
    std::vector<std::string> columns;
    bool again = false; ///< load a file again into a table it was already loaded into
};

/// `{"connection"?, "table", "schema", "order_by"?, "partition_by"?, "engine"?}`
struct CreateStatementRequest {
    std::string table;
    pipeline::NewTable new_table;
};

TablesRequest parse_tables_request(std::string_view body);
CreateStatementRequest parse_create_statement_request(std::string_view body);
ColumnsRequest parse_columns_request(std::string_view body);
LoadPlanRequest parse_load_plan_request(std::string_view body);
FileSchemaRequest parse_file_schema_request(std::string_view body);
PreviewRequest parse_preview_request(std::string_view body);
JobBody parse_job_body(std::string_view body);

} // namespace ferry::server
