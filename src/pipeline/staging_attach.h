#pragma once
/// staging_attach: rows go into a private copy of the target's MergeTree storage (same keys, no
/// replication), then its parts are attached to the target partition by partition (ATTACH PARTITION ...
/// FROM, or REPLACE PARTITION for LoadMode::Replace). No row is rewritten and nothing is visible in the
/// target before the commit.

#include <optional>

#include "pipeline/load_strategy.h"
#include "pipeline/staging_table.h"

namespace ferry::pipeline {

class StagingAttach final : public LoadStrategy {
public:
    StagingAttach(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                  const clickhouse::TargetFacts& facts);

    void prepare() override;
    const std::string& insert_table() const override { return staging_->name(); }
    void commit(const std::vector<std::string>& columns, std::uint64_t rows) override;
    std::uint64_t committed() const override { return committed_; }

private:
    struct Partition {
        std::string id;
        std::uint64_t rows;
    };
    std::vector<Partition> staged_partitions();
    void replace_partitions(const std::vector<Partition>& partitions);

    LoadPlan plan_;
    LoadMode mode_;
    clickhouse::HttpClient& client_;
    std::string target_;
    std::optional<StagingTable> staging_;
    bool merges_stopped_ = false;
    std::uint64_t committed_ = 0;
};

} // namespace ferry::pipeline
