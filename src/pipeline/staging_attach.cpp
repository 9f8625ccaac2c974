#include "pipeline/staging_attach.h"

#include <fmt/format.h>

#include <set>

#include "clickhouse/load_sql.h"
#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::pipeline {

namespace load_sql = clickhouse::load_sql;

StagingAttach::StagingAttach(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                             const clickhouse::TargetFacts& facts)
    : StagedLoad(plan, mode, client, facts),
      // Only these keep every row through merges; Replacing, Summing, Collapsing ... may fold rows.
      merges_keep_rows_(plan.staging_engine.starts_with("MergeTree")) {}

void StagingAttach::prepare() {
    StagedLoad::prepare();
    merges_stopped_ = staging_->stop_merges() || merges_keep_rows_;
}

std::vector<StagingAttach::Partition> StagingAttach::staged_partitions() {
    std::vector<Partition> partitions;
    for (const auto& row : clickhouse::query_rows(client_, load_sql::partition_rows(staging_->name()), 2)) {
        partitions.push_back({row[0].value_or(""), std::stoull(row[1].value_or("0"))});
    }
    return partitions;
}

void StagingAttach::commit(const std::vector<std::string>& columns, std::uint64_t rows) {
    // Nothing lost silently: the staging table must hold exactly the rows sent. Engines that fold rows in
    // merges are only checked when their merges could be stopped (SYSTEM STOP MERGES needs a grant).
    if (merges_stopped_) {
        const auto staged = staging_->count();
        if (staged != rows) {
            throw Error(ErrorKind::Internal,
                        fmt::format("sent {} rows but the server staged {}; nothing was loaded", rows, staged));
        }
    }
    const auto partitions = staged_partitions();
    if (mode_ == LoadMode::Replace) {
        replace_partitions(partitions);
        return;
    }
    // One ATTACH per partition; each is atomic. Between them the only failure left is the server dying,
    // and the error then says exactly which rows are in.
    for (const auto& partition : partitions) {
        try {
            client_.query(load_sql::attach_partition(facts_.table, partition.id, staging_->name()));
        } catch (const Error& error) {
            if (error.kind() == ErrorKind::Connection) {
                // The server may have run the ATTACH before the connection broke: never guess.
                throw Error(error.kind(),
                            fmt::format("{} (while attaching partition {} of '{}': its {} rows may or may not be "
                                        "in the table; {} rows were attached before it; check before loading "
                                        "again)",
                                        error.what(), partition.id, facts_.table, partition.rows, committed_),
                            error.context());
            }
            if (committed_ == 0 && error.kind() == ErrorKind::Query) {
                // This server or table cannot take parts from another table (a different storage policy,
                // say): copy the rows instead. The target feeds no views, so a copy means the same.
                staging_->copy_into(facts_.table, columns);
                committed_ = rows;
                return;
            }
            throw Error(error.kind(),
                        fmt::format("{} (after {} of {} rows were attached to '{}', partition by partition)",
                                    error.what(), committed_, rows, facts_.table),
                        error.context());
        }
        committed_ += partition.rows;
    }
}

void StagingAttach::replace_partitions(const std::vector<Partition>& partitions) {
    // REPLACE PARTITION swaps one partition atomically, so every partition holds its old rows until its new
    // ones are in. Partitions that the file has no rows for are dropped last.
    std::set<std::string> staged;
    for (const auto& partition : partitions) {
        client_.query(load_sql::replace_partition(facts_.table, partition.id, staging_->name()));
        committed_ += partition.rows;
        staged.insert(partition.id);
    }
    for (const auto& row : clickhouse::query_rows(client_, load_sql::active_partitions(facts_.table), 1)) {
        const std::string id = row[0].value_or("");
        if (!staged.contains(id)) {
            client_.query(load_sql::drop_partition(facts_.table, id));
        }
    }
}

} // namespace ferry::pipeline
