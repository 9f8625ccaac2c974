#include "pipeline/load_plan.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::pipeline {
namespace {

using clickhouse::engine_role;
using clickhouse::TargetFacts;

TargetFacts facts(const std::string& engine, const std::string& engine_full) {
    TargetFacts f;
    f.database = "db";
    f.table = "t";
    f.exists = true;
    f.engine = engine;
    f.engine_full = engine_full;
    f.role = engine_role(engine, "db");
    return f;
}

std::string refusal(const TargetFacts& f, LoadMode mode = LoadMode::Append) {
    try {
        choose_strategy(f, mode);
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

TEST(LoadPlan, PlainMergeTreeAttachesPartsAllOrNothing) {
    const auto plan = choose_strategy(facts("MergeTree", "MergeTree ORDER BY k"), LoadMode::Append);
    EXPECT_EQ(plan.kind, StrategyKind::StagingAttach);
    EXPECT_TRUE(plan.atomic);
    EXPECT_FALSE(plan.prevalidate);
    EXPECT_EQ(plan.staging_engine, "MergeTree ORDER BY k");
    EXPECT_TRUE(plan.warning.empty());
}

TEST(LoadPlan, ReplicatedStagesPrivately) {
    const auto plan = choose_strategy(facts("ReplicatedMergeTree", "ReplicatedMergeTree('/p', 'r') ORDER BY k"),
                                      LoadMode::Append);
    EXPECT_EQ(plan.kind, StrategyKind::StagingAttach);
    EXPECT_EQ(plan.staging_engine, "MergeTree ORDER BY k");
}

TEST(LoadPlan, ViewsAreFedByOneInsertSelect) {
    auto f = facts("MergeTree", "MergeTree ORDER BY k");
    f.views = {"db.mv"};
    const auto plan = choose_strategy(f, LoadMode::Append);
    EXPECT_EQ(plan.kind, StrategyKind::StagingCopy);
    EXPECT_FALSE(plan.atomic);
    EXPECT_EQ(plan.staging_engine, "MergeTree ORDER BY tuple()");
    EXPECT_NE(plan.note.find("db.mv"), std::string::npos);
    EXPECT_NE(plan.warning.find("its views"), std::string::npos);
}

TEST(LoadPlan, ProxiesNeverStageWithTheirOwnEngine) {
    for (const auto& engine : {"Distributed", "Buffer", "Kafka", "URL", "Memory", "Log", "Null"}) {
        const auto plan = choose_strategy(facts(engine, std::string(engine) + "(x)"), LoadMode::Append);
        EXPECT_EQ(plan.kind, StrategyKind::StagingCopy) << engine;
        EXPECT_EQ(plan.staging_engine, "MergeTree ORDER BY tuple()") << engine;
    }
}

TEST(LoadPlan, WithoutDdlRightsLoadsDirectlyAfterValidation) {
    auto f = facts("MergeTree", "MergeTree ORDER BY k");
    f.can_create_tables = false;
    const auto plan = choose_strategy(f, LoadMode::Append);
    EXPECT_EQ(plan.kind, StrategyKind::Direct);
    EXPECT_TRUE(plan.prevalidate);
    EXPECT_FALSE(plan.atomic);
    EXPECT_NE(refusal(f, LoadMode::Replace).find("may not create tables"), std::string::npos);
}

TEST(LoadPlan, UnloadableTargetsAreRefusedWithAdvice) {
    EXPECT_NE(refusal(facts("View", "")).find("load the table it selects from"), std::string::npos);
    EXPECT_NE(refusal(facts("MaterializedView", "")).find("the view fills itself"), std::string::npos);
    EXPECT_NE(refusal(facts("Merge", "Merge(db, '^a')")).find("cannot be loaded"), std::string::npos);
    EXPECT_NE(refusal(facts("Dictionary", "")).find("cannot be loaded"), std::string::npos);
    auto reader = facts("MergeTree", "MergeTree ORDER BY k");
    reader.can_insert = false;
    EXPECT_NE(refusal(reader).find("may only read"), std::string::npos);
    auto distributed = facts("Distributed", "Distributed(c, db, t)");
    distributed.shards = 2;
    EXPECT_NE(refusal(distributed).find("without a sharding key"), std::string::npos);
    distributed.shards = 1;
    EXPECT_EQ(refusal(distributed), "");
}

TEST(LoadPlan, ReplaceOnlyWhereTheOldRowsCanStayUntilTheNewAreIn) {
    EXPECT_EQ(choose_strategy(facts("MergeTree", "MergeTree ORDER BY k"), LoadMode::Replace).kind,
              StrategyKind::StagingAttach);
    auto with_view = facts("MergeTree", "MergeTree ORDER BY k");
    with_view.views = {"db.mv"};
    EXPECT_NE(refusal(with_view, LoadMode::Replace).find("cannot replace"), std::string::npos);
    EXPECT_NE(refusal(facts("Distributed", "Distributed(c, db, t, k)"), LoadMode::Replace).find("cannot replace"),
              std::string::npos);
    const auto log = choose_strategy(facts("Log", "Log"), LoadMode::Replace);
    EXPECT_EQ(log.kind, StrategyKind::StagingCopy);
    EXPECT_NE(log.warning.find("old rows are gone"), std::string::npos);
}

} // namespace
} // namespace ferry::pipeline
