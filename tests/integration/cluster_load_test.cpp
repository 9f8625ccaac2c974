/// Imports into cluster tables on real servers: two clickhouse-server processes and a ZooKeeper
/// (tests/support/cluster_fixture.h). Distributed tables over one and two shards, and ReplicatedMergeTree
/// with two replicas (macro and explicit coordination paths). Every row lands exactly once, summed over
/// the shards or seen on each replica; a bad file leaves every server as it was.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>

#include "support/clickhouse_fixture.h"
#include "support/cluster_fixture.h"

namespace ferry::test {
namespace {

class ClusterLoadTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        database_ = fmt::format("c_{}_{}", info->name(), getpid());
        scratch_ = std::filesystem::temp_directory_path() / ("ferry_cluster_test_" + database_);
        std::filesystem::create_directories(scratch_);
        for (int server = 0; server < 2; ++server) {
            cluster().query(server, "CREATE DATABASE " + database_);
        }
    }
    void TearDown() override {
        for (int server = 0; server < 2; ++server) {
            cluster().query(server, "DROP DATABASE IF EXISTS " + database_);
        }
        std::error_code ec;
        std::filesystem::remove_all(scratch_, ec);
    }

    static TestCluster& cluster() { return TestCluster::get(); }

    std::string on(int server, const std::string& sql) {
        return cluster().query(server, fmt::format(fmt::runtime(sql), fmt::arg("db", database_)));
    }

    CommandResult ferry(int server, const std::string& args) {
        return run_command(fmt::format("{} --host 127.0.0.1 --port {} --database {} {}", FERRY_BINARY,
                                       cluster().http_port(server), database_, args));
    }

    /// k = first .. first+count-1; v = k / 2; the last row's v is bad when asked.
    std::string rows_file(int first, int count, bool bad_last = false) {
        std::string csv = "k,v\n";
        for (int k = first; k < first + count; ++k) {
            csv += fmt::format("{},{}\n", k, bad_last && k == first + count - 1 ? "oops" : fmt::format("{}", k / 2.0));
        }
        const auto path = scratch_ / fmt::format("rows_{}_{}_{}.csv", first, count, bad_last);
        std::ofstream(path) << csv;
        return path.string();
    }

    /// count, sum(k), uniqExact(k) of `table` on `server`.
    std::string checksum(int server, const std::string& table) {
        return on(server, fmt::format("SELECT count(), sum(k), uniqExact(k) FROM {{db}}.{} FORMAT TSV", table));
    }

    std::string database_;
    std::filesystem::path scratch_;
};

TEST_F(ClusterLoadTest, DistributedOverTwoShardsHoldsEveryRowOnceAcrossShards) {
    for (int server = 0; server < 2; ++server) {
        on(server, "CREATE TABLE {db}.t_local (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
        on(server, "CREATE TABLE {db}.t AS {db}.t_local ENGINE = Distributed(ferry_two_shards, {db}, t_local, k)");
    }
    const auto loaded = ferry(0, "import --file " + rows_file(1, 1000) + " --table t --json");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find("\"strategy\": \"staging_copy\""), std::string::npos) << loaded.out;
    EXPECT_NE(loaded.err.find("Distributed over 2 shards"), std::string::npos) << loaded.err;
    EXPECT_NE(loaded.err.find("Warning:"), std::string::npos) << loaded.err;
    // The sharding key k sends even rows to the first shard and odd ones to the second; the union holds
    // each row once.
    const auto shard0 = checksum(0, "t_local");
    const auto shard1 = checksum(1, "t_local");
    EXPECT_EQ(shard0, "500\t250500\t500\n");
    EXPECT_EQ(shard1, "500\t250000\t500\n");
    EXPECT_EQ(checksum(0, "t"), "1000\t500500\t1000\n");

    const auto bad = ferry(0, "import --file " + rows_file(2001, 300, true) + " --table t");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("line 301"), std::string::npos) << bad.err;
    EXPECT_EQ(checksum(0, "t_local"), shard0);
    EXPECT_EQ(checksum(1, "t_local"), shard1);
    EXPECT_EQ(on(0, "SELECT count() FROM system.tables WHERE database = '{db}' AND name LIKE '\\_ferry%' FORMAT TSV"),
              "0\n");

    // Loading one shard's local table directly touches only that shard.
    ASSERT_EQ(ferry(1, "import --file " + rows_file(5001, 10) + " --table t_local").exit_code, 0);
    EXPECT_EQ(checksum(0, "t"), "1010\t550555\t1010\n");
    EXPECT_EQ(checksum(0, "t_local"), shard0);
}

TEST_F(ClusterLoadTest, DistributedOverOneShardWritesTheLocalTableOnce) {
    on(0, "CREATE TABLE {db}.t_local (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    on(0, "CREATE MATERIALIZED VIEW {db}.mv ENGINE = SummingMergeTree ORDER BY one AS SELECT 1 AS one, "
          "count() AS c FROM {db}.t_local");
    on(0, "CREATE TABLE {db}.t AS {db}.t_local ENGINE = Distributed(ferry_one_shard, {db}, t_local)");
    const auto loaded = ferry(0, "import --file " + rows_file(1, 1000) + " --table t");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_EQ(checksum(0, "t_local"), "1000\t500500\t1000\n");
    EXPECT_EQ(on(0, "SELECT sum(c) FROM {db}.mv FORMAT TSV"), "1000\n");
}

TEST_F(ClusterLoadTest, DistributedOverTwoShardsWithoutShardingKeyIsRefusedBeforeAnyWork) {
    on(0, "CREATE TABLE {db}.t_local (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    on(0, "CREATE TABLE {db}.t AS {db}.t_local ENGINE = Distributed(ferry_two_shards, {db}, t_local)");
    const auto result = ferry(0, "import --file " + rows_file(1, 10) + " --table t");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("without a sharding key"), std::string::npos) << result.err;
}

TEST_F(ClusterLoadTest, ReplicatedMergeTreeLandsOnceAndIsSeenOnBothReplicas) {
    for (int server = 0; server < 2; ++server) {
        on(server, "CREATE TABLE {db}.t (k UInt32, v Float64) ENGINE = ReplicatedMergeTree("
                   "'/clickhouse/tables/{db}/{{shard}}/t', '{{replica}}') ORDER BY k");
    }
    const auto loaded = ferry(0, "import --file " + rows_file(1, 1000) + " --table t --json");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find("\"strategy\": \"staging_attach\", \"atomic\": true"), std::string::npos)
        << loaded.out;
    on(1, "SYSTEM SYNC REPLICA {db}.t");
    EXPECT_EQ(checksum(0, "t"), "1000\t500500\t1000\n");
    EXPECT_EQ(checksum(1, "t"), "1000\t500500\t1000\n");

    const auto bad = ferry(1, "import --file " + rows_file(3001, 100, true) + " --table t");
    EXPECT_NE(bad.exit_code, 0);
    // Loading on the other replica adds exactly its rows, and both see them.
    ASSERT_EQ(ferry(1, "import --file " + rows_file(2001, 100) + " --table t").exit_code, 0);
    on(0, "SYSTEM SYNC REPLICA {db}.t");
    EXPECT_EQ(checksum(0, "t"), "1100\t705550\t1100\n");
    EXPECT_EQ(checksum(1, "t"), "1100\t705550\t1100\n");
    // The staging table never joined the replication group: ZooKeeper knows only the two real replicas.
    EXPECT_EQ(on(0, "SELECT count() FROM system.zookeeper WHERE path = '/clickhouse/tables/{db}/01/t/replicas' "
                    "FORMAT TSV"),
              "2\n");
}

TEST_F(ClusterLoadTest, ReplicatedTargetWithAViewIsCopiedSoTheViewFiresOnce) {
    for (int server = 0; server < 2; ++server) {
        on(server, "CREATE TABLE {db}.t (k UInt32, v Float64) ENGINE = ReplicatedMergeTree("
                   "'/clickhouse/tables/{db}/{{shard}}/tv', '{{replica}}') ORDER BY k");
    }
    on(0, "CREATE MATERIALIZED VIEW {db}.mv ENGINE = SummingMergeTree ORDER BY one AS SELECT 1 AS one, "
          "count() AS c FROM {db}.t");
    const auto loaded = ferry(0, "import --file " + rows_file(1, 1000) + " --table t --json");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find("\"strategy\": \"staging_copy\""), std::string::npos) << loaded.out;
    on(1, "SYSTEM SYNC REPLICA {db}.t");
    EXPECT_EQ(checksum(1, "t"), "1000\t500500\t1000\n");
    EXPECT_EQ(on(0, "SELECT sum(c) FROM {db}.mv FORMAT TSV"), "1000\n");
}

TEST_F(ClusterLoadTest, ExportFromDistributedReturnsEveryRowOnce) {
    for (int server = 0; server < 2; ++server) {
        on(server, "CREATE TABLE {db}.t_local (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
        on(server, "CREATE TABLE {db}.t AS {db}.t_local ENGINE = Distributed(ferry_two_shards, {db}, t_local, k)");
    }
    ASSERT_EQ(ferry(0, "import --file " + rows_file(1, 1000) + " --table t").exit_code, 0);
    const auto out = scratch_ / "out.csv";
    const auto exported = ferry(1, "export --table t --columns k --file " + out.string());
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    std::ifstream in(out);
    std::string line;
    std::getline(in, line);
    std::uint64_t count = 0, sum = 0;
    while (std::getline(in, line)) {
        ++count;
        sum += std::stoull(line);
    }
    EXPECT_EQ(count, 1000u);
    EXPECT_EQ(sum, 500500u);
}

} // namespace
} // namespace ferry::test
