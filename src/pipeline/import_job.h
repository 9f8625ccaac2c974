#pragma once
/// File -> ClickHouse. Reads the file with Ferry's own CSV reader, encodes the values itself (see
/// clickhouse/insert_encoder.h) and streams them into a staging table, then moves them to the target.

#include <string>
#include <vector>

#include "clickhouse/catalog.h"
#include "pipeline/column_mapping.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

class ImportJob {
public:
    ImportJob(const ImportRequest& request, Progress& progress, const CancelToken& cancel)
        : request_(request), progress_(progress), cancel_(cancel) {}

    TransferResult run();

private:
    using Mapping = ColumnMapping;

    std::vector<Mapping> map_columns(const std::vector<std::string>& file_columns, bool by_name,
                                     const std::vector<clickhouse::ColumnInfo>& table_columns) const;
    void create_table(clickhouse::HttpClient& client, const std::vector<std::string>& file_columns) const;

    const ImportRequest& request_;
    Progress& progress_;
    const CancelToken& cancel_;
};

} // namespace ferry::pipeline
