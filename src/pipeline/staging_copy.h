#pragma once
/// staging_copy: rows go into a plain private MergeTree table, are counted, and are then copied into the
/// target with one INSERT ... SELECT on the server. That INSERT fires materialized views, routes rows
/// through a Distributed table's sharding key (synchronously, so errors surface) and through a Buffer,
/// exactly as a client's INSERT would; nothing reaches the target before it.

#include <optional>

#include "pipeline/load_strategy.h"
#include "pipeline/staging_table.h"

namespace ferry::pipeline {

class StagingCopy final : public LoadStrategy {
public:
    StagingCopy(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                const clickhouse::TargetFacts& facts);

    void prepare() override;
    const std::string& insert_table() const override { return staging_->name(); }
    void commit(const std::vector<std::string>& columns, std::uint64_t rows) override;
    std::uint64_t committed() const override { return committed_; }

private:
    /// Rows in the target now, where counting is cheap and has no side effects (never for Kafka, URL ...).
    std::optional<std::uint64_t> count_target();

    LoadPlan plan_;
    LoadMode mode_;
    clickhouse::HttpClient& client_;
    clickhouse::TargetFacts facts_;
    std::optional<StagingTable> staging_;
    std::uint64_t committed_ = 0;
};

} // namespace ferry::pipeline
