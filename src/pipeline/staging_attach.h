#pragma once
/// staging_attach: rows go into a private copy of the target's MergeTree storage (same keys, no
/// replication), then its parts are attached to the target partition by partition (ATTACH PARTITION ...
/// FROM, or REPLACE PARTITION for LoadMode::Replace). No row is rewritten and nothing is visible in the
/// target before the commit.

#include "pipeline/staged_load.h"

namespace ferry::pipeline {

class StagingAttach final : public StagedLoad {
public:
    StagingAttach(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
                  const clickhouse::TargetFacts& facts);

    void prepare() override;
    void commit(const std::vector<std::string>& columns, std::uint64_t rows) override;

private:
    struct Partition {
        std::string id;
        std::uint64_t rows;
    };
    std::vector<Partition> staged_partitions();
    void replace_partitions(const std::vector<Partition>& partitions);

    bool merges_keep_rows_;
    bool merges_stopped_ = false; ///< or merges cannot change the count
};

} // namespace ferry::pipeline
