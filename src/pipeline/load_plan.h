#pragma once
/// How an import commits, chosen from the target's facts (clickhouse/target_facts.h) and the load mode.
/// This is the one place that decides; the import job asks it and never looks at engine names itself.
///
/// | strategy       | when                                               | a failed or cancelled load   |
/// |----------------|----------------------------------------------------|------------------------------|
/// | staging_attach | MergeTree family, no materialized views            | changes nothing              |
/// | staging_copy   | views, Distributed, Buffer, Log/Memory, others     | nothing until the final copy |
/// | direct         | no right to create tables                          | rows of whole batches        |
///
/// staging_attach moves finished parts, so it fires no views: that is why a target with views is copied
/// with INSERT ... SELECT (views fire exactly as for a plain INSERT). staging_copy's staging table is a
/// plain private MergeTree, never `AS target` with the target's engine, so it never proxies into another
/// table (Distributed, Buffer, Kafka ...) and never joins a replication group.

#include <string>
#include <string_view>

#include "clickhouse/target_facts.h"

namespace ferry::pipeline {

enum class LoadMode {
    Append,  ///< add the file's rows to the table
    Replace, ///< the table holds exactly the file's rows afterwards; the old rows stay until then
};

enum class StrategyKind { None, StagingAttach, StagingCopy, Direct };
std::string_view to_string(StrategyKind kind);

struct LoadPlan {
    StrategyKind kind = StrategyKind::None;
    bool atomic = false;        ///< a failed or cancelled load leaves the target as it was
    bool prevalidate = false;   ///< parse and encode the whole file before sending the first row
    std::string staging_engine{}; ///< engine clause of the staging table (staging strategies)
    std::string note{};           ///< one line: what will be done
    std::string warning{};        ///< what a failure can leave behind; empty when atomic
};

/// The plan for loading into an existing table described by `facts`. Throws Error(Usage) for targets that
/// cannot be loaded (views, Merge, Dictionary, system tables, read-only users, a Distributed table over
/// several shards without a sharding key, a Replace the target cannot do), before any work.
LoadPlan choose_strategy(const clickhouse::TargetFacts& facts, LoadMode mode);

} // namespace ferry::pipeline
