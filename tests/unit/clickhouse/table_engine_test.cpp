#include "clickhouse/table_engine.h"

#include <gtest/gtest.h>

namespace ferry::clickhouse {
namespace {

TEST(TableEngine, RolesOfTheEnginesUsersBuild) {
    EXPECT_EQ(engine_role("MergeTree"), EngineRole::MergeTree);
    EXPECT_EQ(engine_role("ReplicatedSummingMergeTree"), EngineRole::MergeTree);
    EXPECT_EQ(engine_role("SharedMergeTree"), EngineRole::MergeTree);
    EXPECT_EQ(engine_role("Memory"), EngineRole::LocalStore);
    EXPECT_EQ(engine_role("TinyLog"), EngineRole::LocalStore);
    EXPECT_EQ(engine_role("Null"), EngineRole::LocalStore);
    EXPECT_EQ(engine_role("Distributed"), EngineRole::Proxy);
    EXPECT_EQ(engine_role("Buffer"), EngineRole::Proxy);
    EXPECT_EQ(engine_role("Kafka"), EngineRole::Proxy);
    EXPECT_EQ(engine_role("SomethingNew"), EngineRole::Proxy);
    EXPECT_EQ(engine_role("View"), EngineRole::ReadOnly);
    EXPECT_EQ(engine_role("MaterializedView"), EngineRole::ReadOnly);
    EXPECT_EQ(engine_role("Merge"), EngineRole::ReadOnly);
    EXPECT_EQ(engine_role("Dictionary"), EngineRole::ReadOnly);
    EXPECT_EQ(engine_role("SystemNumbers"), EngineRole::ReadOnly);
    EXPECT_EQ(engine_role("MergeTree", "system"), EngineRole::ReadOnly);
}

TEST(TableEngine, ArgumentsRespectQuotesAndNesting) {
    EXPECT_EQ(engine_arguments("Distributed(c, db, t, rand())"),
              (std::vector<std::string>{"c", "db", "t", "rand()"}));
    EXPECT_EQ(engine_arguments("Distributed('c,1', db, t, cityHash64(a, b))"),
              (std::vector<std::string>{"'c,1'", "db", "t", "cityHash64(a, b)"}));
    EXPECT_TRUE(engine_arguments("MergeTree ORDER BY (a, b)").empty());
    EXPECT_TRUE(engine_arguments("ReplicatedMergeTree() ORDER BY a").empty());
}

TEST(TableEngine, PrivateClauseDropsTheReplicationPathAndReplica) {
    EXPECT_EQ(private_engine_clause("ReplicatedMergeTree('/clickhouse/tables/{shard}/t', '{replica}') PARTITION BY "
                                    "toYYYYMM(d) ORDER BY k SETTINGS index_granularity = 8192"),
              "MergeTree PARTITION BY toYYYYMM(d) ORDER BY k SETTINGS index_granularity = 8192");
    EXPECT_EQ(private_engine_clause("ReplicatedReplacingMergeTree('/p', 'r', ver) ORDER BY k"),
              "ReplacingMergeTree(ver) ORDER BY k");
    // The old syntax keeps its date column, key and granularity.
    EXPECT_EQ(private_engine_clause("ReplicatedMergeTree('/p', 'r', d, (k, d), 8192)"),
              "MergeTree(d, (k, d), 8192)");
    EXPECT_EQ(private_engine_clause("SharedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY k"),
              "MergeTree ORDER BY k");
    EXPECT_EQ(private_engine_clause("ReplicatedMergeTree ORDER BY k"), "MergeTree ORDER BY k");
    EXPECT_EQ(private_engine_clause("SummingMergeTree ORDER BY k"), "SummingMergeTree ORDER BY k");
    // Forms where the path cannot be told apart are not guessed at.
    EXPECT_EQ(private_engine_clause("ReplicatedReplacingMergeTree(ver) ORDER BY k"), std::nullopt);
    EXPECT_EQ(private_engine_clause("Distributed(c, db, t)"), std::nullopt);
}

} // namespace
} // namespace ferry::clickhouse
