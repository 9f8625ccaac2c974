#pragma once
/// staging_copy: rows go into a plain private MergeTree table, are counted, and are then copied into the
/// target with one INSERT ... SELECT on the server. That INSERT fires materialized views, routes rows
/// through a Distributed table's sharding key (synchronously, so errors surface) and through a Buffer,
/// exactly as a client's INSERT would; nothing reaches the target before it.

#include "pipeline/staged_load.h"

namespace ferry::pipeline {

class StagingCopy final : public StagedLoad {
public:
    StagingCopy(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                const clickhouse::TargetFacts& facts)
        : StagedLoad(plan, mode, client, facts) {}

    void commit(const std::vector<std::string>& columns, std::uint64_t rows) override;

private:
    /// Rows in the target now, where counting is cheap and has no side effects (never for Kafka, URL ...).
    std::optional<std::uint64_t> count_target();
};

} // namespace ferry::pipeline
