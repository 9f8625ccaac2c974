/// Load strategies through the API: the plan shown before Start (POST /api/clickhouse/load_plan), and jobs
/// into a table with a view, a Log table, a refused View and a replace, each read back from ClickHouse.

#include <boost/json.hpp>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

class ApiLoadStrategy : public ApiTest {
protected:
    json::object plan(const std::string& table, const std::string& mode = "append") {
        const auto result = post("/api/clickhouse/load_plan", R"({"connection": )" + connection_json() +
                                                                   R"(, "table": ")" + table + R"(", "mode": ")" +
                                                                   mode + "\"}");
        EXPECT_EQ(result.status, 200) << result.body;
        return json::parse(result.body).as_object();
    }

    json::object run_import(const std::string& table, const std::string& extra = "") {
        const auto created = post("/api/jobs", R"({"source": {"kind": "file", "path": "rows.csv"},
            "target": {"kind": "clickhouse", "connection": )" + connection_json() +
                                                    R"(, "table": ")" + table + "\"" + extra + "}}");
        EXPECT_EQ(created.status, 201) << created.body;
        const std::string id(json::parse(created.body).at("id").as_string());
        return json::parse(wait_for_job(id)).as_object();
    }

    void SetUp() override {
        ApiTest::SetUp();
        std::string csv = "k,v\n";
        for (int k = 1; k <= 100; ++k) {
            csv += std::to_string(k) + "," + std::to_string(k) + ".5\n";
        }
        write_file(data_dir_ / "rows.csv", csv);
        write_file(data_dir_ / "bad.csv", "k,v\n1,1.5\n2,oops\n");
    }
};

TEST_F(ApiLoadStrategy, PlanBeforeStartNamesTheStrategyAndWarnsWhereAllOrNothingCannotHold) {
    query("CREATE TABLE plain (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    query("CREATE TABLE viewed (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    query("CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY one AS SELECT 1 AS one, count() AS c "
          "FROM viewed");
    query("CREATE VIEW v AS SELECT * FROM plain");

    auto p = plan("plain");
    EXPECT_EQ(p.at("strategy").as_string(), "staging_attach");
    EXPECT_TRUE(p.at("atomic").as_bool());
    EXPECT_TRUE(p.at("warning").is_null());

    p = plan("viewed");
    EXPECT_EQ(p.at("strategy").as_string(), "staging_copy");
    EXPECT_FALSE(p.at("atomic").as_bool());
    EXPECT_NE(std::string(p.at("warning").as_string()).find("views"), std::string::npos);

    p = plan("not_there_yet");
    EXPECT_EQ(p.at("strategy").as_string(), "staging_attach");
    EXPECT_NE(std::string(p.at("note").as_string()).find("will be created"), std::string::npos);

    const auto refused = post("/api/clickhouse/load_plan",
                              R"({"connection": )" + connection_json() + R"(, "table": "v"})");
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("is a View table"), std::string::npos) << refused.body;
}

TEST_F(ApiLoadStrategy, JobsReportTheirStrategyAndFeedViewsExactlyOnce) {
    query("CREATE TABLE viewed (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    query("CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY one AS SELECT 1 AS one, count() AS c "
          "FROM viewed");
    query("CREATE TABLE logged (k UInt32, v Float64) ENGINE = Log");

    auto job = run_import("viewed");
    EXPECT_EQ(job.at("status").as_string(), "completed");
    EXPECT_EQ(job.at("strategy").as_string(), "staging_copy");
    EXPECT_EQ(job.at("rows_committed").as_int64(), 100);
    EXPECT_EQ(query("SELECT count(), sum(k) FROM viewed FORMAT TSV"), "100\t5050\n");
    EXPECT_EQ(query("SELECT sum(c) FROM mv FORMAT TSV"), "100\n");

    job = run_import("logged");
    EXPECT_EQ(job.at("strategy").as_string(), "staging_copy");
    EXPECT_EQ(query("SELECT count(), sum(k) FROM logged FORMAT TSV"), "100\t5050\n");
}

TEST_F(ApiLoadStrategy, ReplaceModeAndAFailedJobThatCommittedNothing) {
    query("CREATE TABLE t (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k");
    query("INSERT INTO t VALUES (1000, 1), (1001, 2)");
    auto job = run_import("t", R"(, "mode": "replace")");
    EXPECT_EQ(job.at("status").as_string(), "completed");
    EXPECT_EQ(job.at("target").at("mode").as_string(), "replace");
    EXPECT_EQ(query("SELECT count(), sum(k) FROM t FORMAT TSV"), "100\t5050\n");

    const auto created = post("/api/jobs", R"({"source": {"kind": "file", "path": "bad.csv"},
        "target": {"kind": "clickhouse", "connection": )" + connection_json() +
                                                R"(, "table": "t", "mode": "replace"}})");
    ASSERT_EQ(created.status, 201);
    job = json::parse(wait_for_job(std::string(json::parse(created.body).at("id").as_string()))).as_object();
    EXPECT_EQ(job.at("status").as_string(), "failed");
    EXPECT_EQ(job.at("rows_committed").as_int64(), 0);
    EXPECT_TRUE(job.at("atomic").as_bool());
    EXPECT_EQ(query("SELECT count(), sum(k) FROM t FORMAT TSV"), "100\t5050\n");
}

} // namespace
} // namespace ferry::test
