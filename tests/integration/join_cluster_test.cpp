/// Joins whose tables are Distributed over two shards (tests/support/cluster_fixture.h): every order once,
/// matched with its customer whichever shard holds either. The builder reads each table in its own
/// subquery, so the join (and the IN of SEMI/ANTI without the syntax) runs on the server Ferry talks to,
/// with the shards' rows gathered first: no GLOBAL needed, and no "double-distributed subquery" refusal.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "support/clickhouse_fixture.h"
#include "support/cluster_fixture.h"
#include "support/join_cases.h"

namespace ferry::test {
namespace {

class JoinClusterTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        database_ = fmt::format("j_{}_{}", info->name(), getpid());
        scratch_ = std::filesystem::temp_directory_path() / ("ferry_join_cluster_" + database_);
        std::filesystem::create_directories(scratch_);
        for (int server = 0; server < 2; ++server) {
            on(server, "CREATE DATABASE {db}");
            on(server, "CREATE TABLE {db}.orders_local (id UInt32, customer UInt32) ENGINE = MergeTree ORDER BY id");
            on(server, "CREATE TABLE {db}.orders AS {db}.orders_local "
                       "ENGINE = Distributed(ferry_two_shards, {db}, orders_local, id)");
            on(server, "CREATE TABLE {db}.customers_local (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
            on(server, "CREATE TABLE {db}.customers AS {db}.customers_local "
                       "ENGINE = Distributed(ferry_two_shards, {db}, customers_local, id)");
        }
        // Orders 1..6 with customers 10 + id % 4 (10..13); customers 10, 11, 12 (13 has none), spread over the
        // shards independently of the orders.
        on(0, "INSERT INTO {db}.orders_local VALUES (2, 12), (4, 10), (6, 12)");
        on(1, "INSERT INTO {db}.orders_local VALUES (1, 11), (3, 13), (5, 11)");
        on(0, "INSERT INTO {db}.customers_local VALUES (11, 'Bea')");
        on(1, "INSERT INTO {db}.customers_local VALUES (10, 'Al'), (12, 'Cy')");
    }
    void TearDown() override {
        for (int server = 0; server < 2; ++server) {
            on(server, "DROP DATABASE IF EXISTS {db}");
        }
        std::error_code ec;
        std::filesystem::remove_all(scratch_, ec);
    }

    std::string on(int server, const std::string& sql) {
        return TestCluster::get().query(server, fmt::format(fmt::runtime(sql), fmt::arg("db", database_)));
    }

    CommandResult ferry(const std::string& args) {
        return run_command(fmt::format("{} --host 127.0.0.1 --port {} --database {} {}", FERRY_BINARY,
                                       TestCluster::get().http_port(0), database_, args));
    }

    /// The exported file, header first and the rows sorted.
    std::string export_sorted(const std::string& join, const std::string& columns) {
        const auto file = scratch_ / "out.csv";
        const auto result = ferry("export --table orders --join '" + join + "' --columns " + columns + " --file " +
                                  file.string());
        EXPECT_EQ(result.exit_code, 0) << result.err;
        std::ifstream in(file);
        return sorted_result(std::string(std::istreambuf_iterator<char>(in), {}));
    }

    std::string database_;
    std::filesystem::path scratch_;
};

TEST_F(JoinClusterTest, DistributedJoinsMatchAcrossShards) {
    EXPECT_EQ(export_sorted("LEFT JOIN customers ON orders.customer = customers.id", "orders.id,customers.name"),
              "id,name\n1,Bea\n2,Cy\n3,\n4,Al\n5,Bea\n6,Cy\n");
    EXPECT_EQ(export_sorted("LEFT ANTI JOIN customers ON orders.customer = customers.id", "orders.id"), "id\n3\n");
    EXPECT_EQ(export_sorted("RIGHT SEMI JOIN customers ON orders.customer = customers.id", "customers.name"),
              "name\nAl\nBea\nCy\n");
    const auto preview =
        ferry("preview --table orders --join 'INNER JOIN customers ON orders.customer = customers.id' --columns "
              "orders.id");
    ASSERT_EQ(preview.exit_code, 0) << preview.err;
    EXPECT_NE(preview.out.find("The join returns 5 rows."), std::string::npos) << preview.out;
}

} // namespace
} // namespace ferry::test
