#pragma once
/// ClickHouse -> file. ClickHouse sends the rows as Native blocks, or as escaped TabSeparated where Ferry
/// cannot write the server's text itself (export_answer.h); Ferry writes them in the requested CSV dialect
/// to an AtomicFile, renamed over the target only when the whole result arrived.

#include "clickhouse/http_client.h"
#include "clickhouse/join_support.h"
#include "common/error.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

class ExportJob {
public:
    ExportJob(const ExportRequest& request, Progress& progress, const CancelToken& cancel)
        : request_(request), progress_(progress), cancel_(cancel) {}

    TransferResult run();

private:
    const ExportRequest& request_;
    Progress& progress_;
    const CancelToken& cancel_;
};

/// The SELECT a ClickHouse source runs, without FORMAT. `limit` 0 means all rows.
std::string source_query(const TableSource& source, const std::vector<std::string>& columns,
                         std::size_t limit, const clickhouse::JoinSupport& support = {});
/// The same with FORMAT TabSeparatedWithNamesAndTypes (preview; exports: export_answer.h).
/// `support` is what the server's joins can do (source_join_support).
std::string source_select(const TableSource& source, const std::vector<std::string>& columns,
                          std::size_t limit, const clickhouse::JoinSupport& support = {});
/// The settings it runs with (join_use_nulls for joins).
clickhouse::Settings source_settings(const TableSource& source);
/// Throws `error` again with advice when it is 18.x refusing an array column under join_use_nulls (newer
/// servers keep such arrays non-Nullable and empty); returns for every other error.
void add_join_advice(const Error& error, const TableSource& source);
/// The server's join features, probed only when the source has joins.
clickhouse::JoinSupport source_join_support(clickhouse::HttpClient& client, const TableSource& source);

} // namespace ferry::pipeline
