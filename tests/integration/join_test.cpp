/// The SQL of build_select, run on the real server: ClickHouse 18.x runs one JOIN per SELECT and mishandles
/// the key columns of RIGHT and FULL joins, so these are the cases that matter. The cases and their rows
/// are shared with the ClickHouse 26.5 lane (tests/support/join_cases.h): both servers must agree.

#include "clickhouse/join.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "clickhouse/join_support.h"
#include "pipeline/export_job.h"
#include "pipeline/join_hint.h"
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


TEST_F(JoinQueryTest, ProbeFindsNoSemiAsofOrNullableArraysOn1816) {
    // 18.16 reads `t ASOF JOIN u` as `t AS ASOF JOIN u`: the probe checks answers, not just that queries ran.
    const auto support = clickhouse::probe_join_support(*client_);
    EXPECT_FALSE(support.semi_anti);
    EXPECT_FALSE(support.asof);
    EXPECT_FALSE(support.arrays_under_nulls);
    EXPECT_TRUE(support.server_version.starts_with("18.16")) << support.server_version;
}

/// Exports through the CLI against hand-checked CSV: orders with and without a customer (and one with a NULL
/// key), a customer without orders whose name is the empty string and whose score is already NULL, arrays,
/// dates, and chains of three and four tables.
class JoinExportTest : public ClickHouseTest {
protected:
    void SetUp() override {
        ClickHouseTest::SetUp();
        query("CREATE TABLE orders (id UInt32, customer Nullable(UInt32), day Date, tags Array(String)) "
              "ENGINE = MergeTree ORDER BY id");
        query("CREATE TABLE customers (id UInt32, name String, score Nullable(Int32), since Date, region UInt8) "
              "ENGINE = MergeTree ORDER BY id");
        query("CREATE TABLE visits (id UInt32, at Date) ENGINE = Memory");
        query("CREATE TABLE regions (id UInt8, rname String) ENGINE = Memory");
        query("INSERT INTO orders VALUES (1, 10, '2024-01-05', ['a']), (2, 20, '2024-01-06', []), "
              "(3, NULL, '2024-01-07', ['b', 'c'])");
        query("INSERT INTO customers VALUES (10, 'Ann', 7, '2020-01-01', 1), (30, '', NULL, '2021-02-03', 2)");
        query("INSERT INTO visits VALUES (10, '2024-02-01'), (10, '2024-03-01')");
        query("INSERT INTO regions VALUES (1, 'north'), (3, 'south')");
    }

    /// The exported file: header, then the rows sorted (a join's order is not defined), bytes as written.
    std::string export_sorted(const std::string& joins, const std::string& columns,
                              const std::string& extra = "") {
        const auto file = scratch("out.csv");
        const auto result =
            ferry("export --table orders " + joins + " --columns " + columns + " --file " + file.string() + extra);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return sorted_result(read_file(file));
    }

    static constexpr const char* kCustomer = "--join 'LEFT JOIN customers ON orders.customer = customers.id'";
};

TEST_F(JoinExportTest, LeftJoinWritesNullAsAnEmptyUnquotedField) {
    EXPECT_EQ(export_sorted(kCustomer, "orders.id,customers.name,customers.score,customers.since,orders.tags"),
              "id,name,score,since,tags\n"
              "1,Ann,7,2020-01-01,['a']\n"
              "2,,,,[]\n"
              "3,,,,\"['b','c']\"\n");
}

TEST_F(JoinExportTest, BothSettingsOfJoinDefaults) {
    // The customer without orders has a real empty name ("") and a real NULL score: SQL semantics keep them
    // apart from the orders without a customer; ClickHouse's defaults give those '' and 0.
    const std::string full = "--join 'FULL JOIN customers ON orders.customer = customers.id'";
    EXPECT_EQ(export_sorted(full, "orders.id,orders.day,customers.name,customers.score"),
              "id,day,name,score\n"
              ",,\"\",\n"
              "1,2024-01-05,Ann,7\n"
              "2,2024-01-06,,\n"
              "3,2024-01-07,,\n");
    EXPECT_EQ(export_sorted(full, "orders.id,orders.day,customers.name,customers.score", " --join-defaults clickhouse"),
              "id,day,name,score\n"
              "0,0000-00-00,\"\",\n"
              "1,2024-01-05,Ann,7\n"
              "2,2024-01-06,\"\",\n"
              "3,2024-01-07,\"\",\n");
}

TEST_F(JoinExportTest, EveryKind) {
    const std::string on = " customers ON orders.customer = customers.id'";
    EXPECT_EQ(export_sorted("--join 'INNER JOIN" + on, "orders.id,customers.name"), "id,name\n1,Ann\n");
    EXPECT_EQ(export_sorted("--join 'RIGHT JOIN" + on, "orders.id,customers.name,customers.region"),
              "id,name,region\n,\"\",2\n1,Ann,1\n");
    // Orders without a customer: the NULL key matches nothing, so order 3 is one of them.
    EXPECT_EQ(export_sorted("--join 'LEFT ANTI JOIN" + on, "orders.id,orders.tags"),
              "id,tags\n2,[]\n3,\"['b','c']\"\n");
    EXPECT_EQ(export_sorted("--join 'LEFT SEMI JOIN" + on, "orders.id"), "id\n1\n");
    EXPECT_EQ(export_sorted("--join 'RIGHT ANTI JOIN" + on, "customers.id,customers.name"), "id,name\n30,\"\"\n");
    EXPECT_EQ(export_sorted("--join 'RIGHT SEMI JOIN" + on, "customers.id"), "id\n10\n");
    EXPECT_EQ(export_sorted("--join 'ANY LEFT JOIN visits ON orders.customer = visits.id'", "orders.id"),
              "id\n1\n2\n3\n");
    EXPECT_EQ(export_sorted("--join 'CROSS JOIN regions'", "orders.id,regions.rname"),
              "id,rname\n1,north\n1,south\n2,north\n2,south\n3,north\n3,south\n");
    // SEMI and ANTI drop the other side's columns.
    const auto result = ferry("export --table orders --join 'LEFT SEMI JOIN" + on +
                              " --columns customers.name --file " + scratch("x.csv").string());
    EXPECT_NE(result.err.find("keeps only the rows of the tables before it"), std::string::npos) << result.err;
}

TEST_F(JoinExportTest, AsofIsRefusedOnAServerWithoutIt) {
    const auto result = ferry("export --table orders --join 'ASOF LEFT JOIN visits ON orders.customer = visits.id "
                              "AND orders.day >= visits.at' --columns orders.id,visits.at --file " +
                              scratch("x.csv").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("this server (ClickHouse 18.16"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("has no ASOF JOIN"), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(scratch("x.csv")));
}

TEST_F(JoinExportTest, ArraysOfRowsWithoutAMatchOn1816) {
    // 18.16 cannot make an array Nullable; newer servers keep it [] (tests/modern). Ferry says what to do.
    auto result = ferry("export --table orders --join 'RIGHT JOIN customers ON orders.customer = customers.id' "
                        "--columns customers.id,orders.tags --file " +
                        scratch("x.csv").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("cannot give an array column NULL"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--join-defaults clickhouse"), std::string::npos) << result.err;
    EXPECT_EQ(export_sorted("--join 'RIGHT JOIN customers ON orders.customer = customers.id'",
                            "customers.id,orders.tags", " --join-defaults clickhouse"),
              "id,tags\n10,['a']\n30,[]\n");
}

TEST_F(JoinExportTest, ChainsOfThreeAndFourTablesMixingKinds) {
    const std::string three = std::string(kCustomer) + " --join 'LEFT JOIN visits USING (id)'";
    EXPECT_EQ(export_sorted(three, "orders.id,customers.name,visits.at"),
              "id,name,at\n1,Ann,2024-02-01\n1,Ann,2024-03-01\n2,,\n3,,\n");
    const std::string four = three + " --join 'FULL JOIN regions ON customers.region = regions.id'";
    EXPECT_EQ(export_sorted(four, "orders.id,customers.name,visits.at,regions.rname"),
              "id,name,at,rname\n,,,south\n1,Ann,2024-02-01,north\n1,Ann,2024-03-01,north\n2,,,\n3,,,\n");
    const std::string anti = std::string(kCustomer) + " --join 'LEFT ANTI JOIN visits ON customers.id = visits.id'" +
                             " --join 'INNER JOIN regions ON customers.region = regions.id'";
    EXPECT_EQ(export_sorted(anti, "orders.id,regions.rname"), "id,rname\n");
}

/// A preview row as the export writes it: NULL empty and unquoted, the empty string quoted.
std::string csv_line(const boost::json::array& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
        line += i ? "," : "";
        if (row[i].is_null()) {
            continue;
        }
        const std::string value(row[i].as_string());
        const bool quote = value.empty() || value.find_first_of(",\"\n") != std::string::npos;
        line += quote ? "\"" + value + "\"" : value; // (no quotes inside the values here)
    }
    return line;
}

TEST_F(JoinExportTest, PreviewEqualsExportAndCountsTheJoin) {
    const std::string joins = "--join 'FULL JOIN customers ON orders.customer = customers.id'";
    const std::string columns = "orders.id,customers.name,customers.score,orders.day";
    for (const std::string defaults : {"sql", "clickhouse"}) {
        const auto preview = ferry("preview --json --table orders " + joins + " --columns " + columns +
                                   " --join-defaults " + defaults);
        ASSERT_EQ(preview.exit_code, 0) << preview.err;
        const auto json = boost::json::parse(preview.out).as_object();
        std::string lines = "id,name,score,day\n";
        for (const auto& row : json.at("rows").as_array()) {
            lines += csv_line(row.as_array()) + "\n";
        }
        EXPECT_EQ(sorted_result(lines), export_sorted(joins, columns, " --join-defaults " + defaults)) << defaults;
        EXPECT_EQ(preview.err, "The join returns 4 rows.\n");
    }
}

TEST_F(JoinExportTest, FanOutHintOnAManyToManyKey) {
    query("CREATE TABLE m1 (k UInt8, x String) ENGINE = Memory");
    query("CREATE TABLE m2 (k UInt8, y String) ENGINE = Memory");
    query("INSERT INTO m1 VALUES (1, 'a'), (1, 'b'), (2, 'c')");
    query("INSERT INTO m2 VALUES (1, 'd'), (1, 'e'), (1, 'f'), (3, 'g')");
    const auto result = ferry("preview --table m1 --join 'INNER JOIN m2 ON m1.k = m2.k' --columns m1.x,m2.y");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("The join returns 6 rows; 'm2' repeats a key (up to 3 rows per m2.k)"),
              std::string::npos)
        << result.out;
    // Unique keys on the joined side: no fan-out said.
    const auto unique = ferry("preview --table m2 --join 'LEFT JOIN regions ON m2.k = regions.id' --columns m2.y");
    ASSERT_EQ(unique.exit_code, 0) << unique.err;
    EXPECT_NE(unique.out.find("The join returns 4 rows.\n"), std::string::npos) << unique.out;
}
TEST_F(JoinExportTest, HintSkipsACountThatRunsOutOfTimeWithANote) {
    query("CREATE VIEW huge AS SELECT toUInt32(number % 50) AS customer FROM system.numbers LIMIT 100000000000");
    pipeline::TableSource source{"huge", {parse_join("LEFT JOIN visits ON huge.customer = visits.id")}};
    const auto hint = pipeline::join_hint(*client_, source, {"huge.customer", "visits.at"},
                                          clickhouse::probe_join_support(*client_), 1);
    EXPECT_FALSE(hint.rows);
    EXPECT_EQ(hint.note, "the join was not counted: it takes longer than 1 s");
    // The joined table is small: its key is still checked (visits has two rows for customer 10).
    ASSERT_EQ(hint.fan_out.size(), 1u);
    EXPECT_EQ(hint.fan_out[0].max_rows_per_key, 2u);
    EXPECT_EQ(pipeline::describe(hint),
              "The join was not counted; 'visits' repeats a key (up to 2 rows per visits.id): each matching row "
              "appears once per repeat (ANY keeps one match); the join was not counted: it takes longer than 1 s.");
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
