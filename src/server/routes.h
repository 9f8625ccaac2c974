#pragma once
/// The API's route groups, one file each. Handlers run on worker threads and may block (ClickHouse
/// queries, file reads); they throw ferry::Error or HttpError, which the application maps to JSON.

#include <cstddef>

#include <cstdint>

#include "clickhouse/connection.h"
#include "pipeline/job_registry.h"
#include "server/clickhouse_allow_list.h"
#include "server/http_message.h"
#include "server/user_folders.h"

namespace ferry::server {

class DataDir;
class JobStore;
class Router;

/// Limits of a shared server; 0 = none.
struct ServerLimits {
    std::uint64_t max_upload_size = 0; ///< bytes of one upload
    std::size_t max_jobs_per_user = 0; ///< a user's queued and running jobs
    std::size_t max_jobs = 0;          ///< all users' queued and running jobs
};

/// What the handlers share. Owned by the Application, which outlives every request.
struct RouteContext {
    UserFolders& folders;
    pipeline::JobRegistry& jobs;
    JobStore& job_store; ///< every job's record, this run's and earlier runs'
    const ClickHouseAllowList& clickhouse_allow;
    ServerLimits limits;

    /// The data directory of the request's user.
    const DataDir& data_dir(const Request& request) const { return folders.for_user(request.user, request.admin); }
};

/// POST /api/clickhouse/tables, POST /api/clickhouse/columns, POST /api/clickhouse/create_statement
void add_clickhouse_routes(Router& router, RouteContext context);
/// POST /api/file/schema, GET /api/files, POST /api/files?name=, GET /api/files/{name}
void add_file_routes(Router& router, RouteContext context);
/// POST /api/preview
void add_preview_routes(Router& router, RouteContext context);
/// POST /api/jobs, GET /api/jobs, GET /api/jobs/{id}, GET /api/jobs/{id}/events, DELETE /api/jobs/{id}
void add_job_routes(Router& router, RouteContext context);

/// Runs `body`, rewriting any ferry::Error so that its message cannot carry the connection's password or
/// token (defence in depth: the ClickHouse client already keeps them out).
template <class Body>
auto without_secrets_in_errors(const clickhouse::Connection& connection, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const HttpError&) {
        throw;
    } catch (const Error& error) {
        throw Error(error.kind(), pipeline::redact_secrets(error.what(), connection), error.context());
    }
}

} // namespace ferry::server
