/// The SQL of build_select, run on the real server: ClickHouse 18.x runs one JOIN per SELECT and mishandles
/// the key columns of RIGHT and FULL joins, so these are the cases that matter. The cases and their rows
/// are shared with the ClickHouse 26.5 lane (tests/support/join_cases.h): both servers must agree.

#include "clickhouse/join.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "pipeline/export_job.h"
#include "support/clickhouse_fixture.h"
#include "support/join_cases.h"

namespace ferry::test {
namespace {

using clickhouse::build_select;
using clickhouse::parse_join;

class JoinQueryTest : public ClickHouseTest {
protected:
    void SetUp() override {
        ClickHouseTest::SetUp();
        for (const auto& statement : join_tables()) {
            query(statement);
        }
    }

    /// The header line, then the rows sorted (join output order is not defined).
    std::string run(const std::string& sql) { return sorted_result(query(sql + " FORMAT TSVWithNames")); }
};

class JoinCaseTest : public JoinQueryTest, public ::testing::WithParamInterface<JoinCase> {};

TEST_P(JoinCaseTest, SameRowsOnEveryServer) {
    const JoinCase& join_case = GetParam();
    pipeline::TableSource source{join_case.base, {}, join_case.defaults};
    for (const auto& text : join_case.joins) {
        source.joins.push_back(parse_join(text));
    }
    const auto support = clickhouse::probe_join_support(*client_);
    std::string sql = pipeline::source_select(source, join_case.columns, join_case.limit, support);
    const std::string format = " FORMAT TabSeparatedWithNamesAndTypes";
    ASSERT_TRUE(sql.ends_with(format));
    sql.resize(sql.size() - format.size());
    const std::string out =
        sorted_result(client_->query(sql + " FORMAT TSVWithNames", pipeline::source_settings(source)));
    EXPECT_NE(std::find(join_case.expected.begin(), join_case.expected.end(), out), join_case.expected.end())
        << sql << "\ngave\n"
        << out << "expected\n"
        << join_case.expected.front();
}

TEST_F(JoinQueryTest, SelectStarWithOneJoin) {
    const std::string out = run(build_select("a", {parse_join("LEFT JOIN b ON a.bid = b.id")}, {}));
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4) << out;
    EXPECT_TRUE(out.starts_with("id\tname\tbid\t")) << out;
}

} // namespace

void PrintTo(const JoinCase& join_case, std::ostream* out) {
    *out << join_case.name;
}

namespace {

INSTANTIATE_TEST_SUITE_P(Joins, JoinCaseTest, ::testing::ValuesIn(join_cases()),
                         [](const ::testing::TestParamInfo<JoinCase>& info) { return info.param.name; });

} // namespace
} // namespace ferry::test
