/// What Ferry reads about a load target from a real server: engine, the views it feeds, a Distributed
/// table's shards and key, the user's rights and the server's settings (probed, not assumed).

#include <gtest/gtest.h>

#include "clickhouse/target_facts.h"
#include "support/clickhouse_fixture.h"
#include "support/cluster_fixture.h"

namespace ferry::test {
namespace {

class TargetFactsTest : public ClickHouseTest {};

TEST_F(TargetFactsTest, EngineViewsAndRightsOfADefaultUser) {
    query("CREATE TABLE t (k UInt32) ENGINE = ReplacingMergeTree ORDER BY k");
    query("CREATE TABLE agg (k UInt32) ENGINE = MergeTree ORDER BY k");
    query("CREATE MATERIALIZED VIEW mv1 ENGINE = MergeTree ORDER BY k AS SELECT k FROM t");
    query("CREATE MATERIALIZED VIEW mv2 TO agg AS SELECT k FROM t");
    const auto facts = clickhouse::read_target_facts(*client_, "t");
    EXPECT_TRUE(facts.exists);
    EXPECT_EQ(facts.database, database_);
    EXPECT_EQ(facts.engine, "ReplacingMergeTree");
    EXPECT_EQ(facts.role, clickhouse::EngineRole::MergeTree);
    EXPECT_NE(facts.engine_full.find("ORDER BY k"), std::string::npos) << facts.engine_full;
    EXPECT_EQ(facts.views, (std::vector<std::string>{database_ + ".mv1", database_ + ".mv2"}));
    EXPECT_TRUE(facts.can_create_tables);
    EXPECT_TRUE(facts.can_insert);
    EXPECT_EQ(facts.max_insert_block_size, 1048576u);
    // The probe asks system.settings: 18.16 has no insert_deduplication_token (22.2+ does).
    const bool has_token = query("SELECT count() FROM system.settings WHERE name = 'insert_deduplication_token' "
                                 "FORMAT TSV") == "1\n";
    EXPECT_EQ(facts.has_deduplication_token, has_token);
    EXPECT_FALSE(clickhouse::read_target_facts(*client_, "missing").exists);
}

TEST_F(TargetFactsTest, RightsComeFromTheUsersProfile) {
    query("CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k");
    auto noddl = connection();
    noddl.user = "ferry_noddl";
    clickhouse::HttpClient noddl_client(noddl);
    const auto facts = clickhouse::read_target_facts(noddl_client, "t");
    EXPECT_FALSE(facts.can_create_tables);
    EXPECT_TRUE(facts.can_insert);
    EXPECT_EQ(facts.max_insert_block_size, 300u);

    auto reader = connection();
    reader.user = "ferry_reader";
    clickhouse::HttpClient reader_client(reader);
    const auto read_only = clickhouse::read_target_facts(reader_client, "t");
    EXPECT_FALSE(read_only.can_insert);
    EXPECT_FALSE(read_only.can_create_tables);
}

TEST(TargetFactsCluster, DistributedShardsAndShardingKey) {
    auto& cluster = TestCluster::get();
    cluster.query(0, "CREATE DATABASE IF NOT EXISTS facts_db");
    cluster.query(0, "CREATE TABLE IF NOT EXISTS facts_db.l (k UInt32) ENGINE = MergeTree ORDER BY k");
    cluster.query(0, "CREATE TABLE IF NOT EXISTS facts_db.keyed AS facts_db.l ENGINE = "
                     "Distributed(ferry_two_shards, facts_db, l, k)");
    cluster.query(0, "CREATE TABLE IF NOT EXISTS facts_db.unkeyed AS facts_db.l ENGINE = "
                     "Distributed(ferry_two_shards, facts_db, l)");
    clickhouse::HttpClient client(cluster.connection(0, "facts_db"));
    const auto keyed = clickhouse::read_target_facts(client, "keyed");
    EXPECT_EQ(keyed.role, clickhouse::EngineRole::Proxy);
    EXPECT_EQ(keyed.shards, 2u);
    EXPECT_TRUE(keyed.sharding_key);
    const auto unkeyed = clickhouse::read_target_facts(client, "unkeyed");
    EXPECT_EQ(unkeyed.shards, 2u);
    EXPECT_FALSE(unkeyed.sharding_key);
    cluster.query(0, "DROP DATABASE facts_db");
}

} // namespace
} // namespace ferry::test
