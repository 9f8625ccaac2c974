#pragma once
/// direct: for users who may insert but not create tables. The import job checks every row of the file
/// before this strategy sends the first (LoadPlan::prevalidate), then rows go straight into the target in
/// INSERTs of at most max_insert_block_size rows, so each INSERT is one block: it lands whole or not at
/// all, and the rows committed so far are exactly the rows of the INSERTs that succeeded.

#include "pipeline/load_strategy.h"

namespace ferry::pipeline {

class DirectInsert final : public LoadStrategy {
public:
    DirectInsert(const clickhouse::TargetFacts& facts, const std::string& load_key);

    void prepare() override {}
    const std::string& insert_table() const override { return facts_.table; }
    std::uint64_t rows_per_insert() const override { return facts_.max_insert_block_size; }
    clickhouse::Settings insert_settings(std::uint64_t index) const override;
    void inserted(std::uint64_t rows) override { committed_ += rows; }
    void commit(const std::vector<std::string>& columns, std::uint64_t rows) override;
    std::uint64_t committed() const override { return committed_; }

private:
    clickhouse::TargetFacts facts_;
    std::string token_;
    std::uint64_t committed_ = 0;
};

} // namespace ferry::pipeline
