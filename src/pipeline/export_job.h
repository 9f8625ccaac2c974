#pragma once
/// ClickHouse -> file. ClickHouse formats the rows as escaped TabSeparated (cheap for it, unambiguous for
/// us: NULL is \N, nothing is quoted), Ferry transcodes them into the requested CSV dialect and writes an
/// AtomicFile, renamed over the target only when the whole result arrived.

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

/// The SELECT a ClickHouse source runs (shared by export and preview). `limit` 0 means all rows.
std::string source_select(const TableSource& source, const std::vector<std::string>& columns,
                          std::size_t limit);

} // namespace ferry::pipeline
