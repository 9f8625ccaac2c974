#pragma once
/// What the strategies that fill a private staging table first have in common (staging_attach,
/// staging_copy): the staging table is made in prepare(), every INSERT goes into it, and it is dropped
/// when the strategy goes away, whatever happened. Subclasses say how the staged rows commit.

#include <optional>

#include "pipeline/load_strategy.h"
#include "pipeline/staging_table.h"

namespace ferry::pipeline {

class StagedLoad : public LoadStrategy {
public:
    void prepare() override { staging_.emplace(client_, facts_.table, plan_.staging_engine); }
    const std::string& insert_table() const override { return staging_->name(); }
    std::uint64_t committed() const override { return committed_; }

protected:
    StagedLoad(const LoadPlan& plan, LoadMode mode, clickhouse::HttpClient& client,
               const clickhouse::TargetFacts& facts)
        : plan_(plan), mode_(mode), client_(client), facts_(facts) {}

    LoadPlan plan_;
    LoadMode mode_;
    clickhouse::HttpClient& client_;
    clickhouse::TargetFacts facts_;
    std::optional<StagingTable> staging_;
    std::uint64_t committed_ = 0;
};

} // namespace ferry::pipeline
