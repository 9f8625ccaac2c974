#include "pipeline/staging_attach.h"

#include <fmt/format.h>

#include <set>

#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::pipeline {

using clickhouse::quote_identifier;
using clickhouse::quote_string;

StagingAttach::StagingAttach(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                             const clickhouse::TargetFacts& facts)
    : plan_(plan), mode_(mode), client_(client), target_(facts.table) {}

void StagingAttach::prepare() {
    staging_.emplace(client_, target_, plan_.staging_engine);
    merges_stopped_ = staging_->stop_merges();
}

std::vector<StagingAttach::Partition> StagingAttach::staged_partitions() {
    std::vector<Partition> partitions;
    for (const auto& row : clickhouse::query_rows(
             client_,
             fmt::format("SELECT partition_id, sum(rows) FROM system.parts WHERE database = currentDatabase() "
                         "AND table = {} AND active GROUP BY partition_id ORDER BY partition_id",
                         quote_string(staging_->name())),
             2)) {
        partitions.push_back({row[0].value_or(""), std::stoull(row[1].value_or("0"))});
    }
    return partitions;
}

void StagingAttach::commit(const std::vector<std::string>& columns, std::uint64_t rows) {
    // Nothing lost silently: the staging table must hold exactly the rows sent. Engines that collapse rows
    // in merges are only checked when their merges could be stopped.
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
            client_.query(fmt::format("ALTER TABLE {} ATTACH PARTITION ID {} FROM {}", quote_identifier(target_),
                                      quote_string(partition.id), quote_identifier(staging_->name())));
        } catch (const Error& error) {
            if (error.kind() == ErrorKind::Connection) {
                // The server may have run the ATTACH before the connection broke: never guess.
                throw Error(error.kind(),
                            fmt::format("{} (while attaching partition {} of '{}': its {} rows may or may not be "
                                        "in the table; {} rows were attached before it; check before loading "
                                        "again)",
                                        error.what(), partition.id, target_, partition.rows, committed_),
                            error.context());
            }
            if (committed_ == 0 && error.kind() == ErrorKind::Query) {
                // This server or table cannot take parts from another table (a different storage policy,
                // say): copy the rows instead. The target feeds no views, so a copy means the same.
                staging_->copy_into(target_, columns);
                committed_ = rows;
                return;
            }
            throw Error(error.kind(),
                        fmt::format("{} (after {} of {} rows were attached to '{}', partition by partition)",
                                    error.what(), committed_, rows, target_),
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
        client_.query(fmt::format("ALTER TABLE {} REPLACE PARTITION ID {} FROM {}", quote_identifier(target_),
                                  quote_string(partition.id), quote_identifier(staging_->name())));
        committed_ += partition.rows;
        staged.insert(partition.id);
    }
    for (const auto& row : clickhouse::query_rows(
             client_,
             fmt::format("SELECT DISTINCT partition_id FROM system.parts WHERE database = currentDatabase() AND "
                         "table = {} AND active",
                         quote_string(target_)),
             1)) {
        const std::string id = row[0].value_or("");
        if (!staged.contains(id)) {
            client_.query(fmt::format("ALTER TABLE {} DROP PARTITION ID {}", quote_identifier(target_),
                                      quote_string(id)));
        }
    }
}

} // namespace ferry::pipeline
