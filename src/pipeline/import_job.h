#pragma once
/// File -> ClickHouse. Reads the file with Ferry's own CSV reader, encodes the values itself (see
/// clickhouse/insert_encoder.h) and streams them into the target the way the load strategy chosen for it
/// says (pipeline/load_plan.h): through a staging table, or directly after checking every row.

#include <optional>
#include <string>
#include <vector>

#include "clickhouse/catalog.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/target_facts.h"
#include "pipeline/encoded_rows.h"
#include "pipeline/load_strategy.h"
#include "pipeline/rejects_file.h"
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
    class CreatedTable;
    /// Names this load (file identity, target, columns) the same way in every run.
    std::string load_key(const std::vector<std::string>& columns) const;
    /// The target's facts; creates it first (and arms `created`) when asked to and it does not exist.
    clickhouse::TargetFacts target_facts(clickhouse::HttpClient& client,
                                         const std::vector<std::string>& file_columns,
                                         std::optional<CreatedTable>& created) const;
    /// Reads the whole file once without sending anything: the first bad row fails the import (or is
    /// rejected) before a single row reaches the target.
    void prevalidate(const std::vector<std::size_t>& file_indexes, const std::vector<clickhouse::ColumnInfo>& target,
                     clickhouse::InsertEncoder& encoder, RejectsFile* rejects);
    /// An input with no records at all (not even a header): 0 rows into an existing table.
    TransferResult load_empty_file(clickhouse::HttpClient& client) const;
    /// Streams the rows into strategy.insert_table(), in as many INSERTs as the strategy wants.
    void send_rows(clickhouse::HttpClient& client, LoadStrategy& strategy, EncodedRows& rows,
                   const std::vector<std::string>& columns, const clickhouse::InsertEncoder& encoder,
                   RejectsFile* rejects);

    const ImportRequest& request_;
    Progress& progress_;
    const CancelToken& cancel_;
};

} // namespace ferry::pipeline
