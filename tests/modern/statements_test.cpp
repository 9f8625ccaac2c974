/// Every statement Ferry builds, run on ClickHouse 26.5 with the answers read by Ferry's own readers:
/// catalog and schema queries (and the total_rows probe), DESCRIBE, the DDL and commit steps of an import
/// (create, staging copy, insert, count, ATTACH PARTITION or INSERT ... SELECT, leftovers), and the JOIN
/// sources of exports and previews with the same cases and expected rows as on 18.16
/// (tests/support/join_cases.h).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "clickhouse/catalog_sql.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/join.h"
#include "clickhouse/load_sql.h"
#include "clickhouse/query_control.h"
#include "clickhouse/sql.h"
#include "modern/modern_test.h"
#include "pipeline/export_job.h"
#include "support/join_cases.h"

namespace ferry::modern {
namespace {

namespace catalog_sql = clickhouse::catalog_sql;
namespace load_sql = clickhouse::load_sql;
using clickhouse::quote_identifier;

/// Hostile names: quotes, backslash, backtick, tab, spaces, non-ASCII, SQL.
const std::string kHostileTable = "we`ird 'name\\ \t;DROP TABLE x;--ü";

using CatalogTest = ModernTest;

TEST_F(CatalogTest, TotalRowsProbeFindsTheColumn) {
    EXPECT_TRUE(catalog_sql::parse_total_rows_probe(query(catalog_sql::total_rows_probe())));
}

TEST_F(CatalogTest, BothTableListingsAgree) {
    query("CREATE TABLE mt (id UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO mt VALUES (1), (2)");
    query("INSERT INTO mt VALUES (3)"); // a second part
    query("CREATE TABLE empty_rmt (id UInt32, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY id");
    query("CREATE TABLE " + quote_identifier(kHostileTable) + " (x String) ENGINE = MergeTree ORDER BY x");
    query("INSERT INTO " + quote_identifier(kHostileTable) + " VALUES ('a')");
    query("CREATE TABLE mem (id UInt32) ENGINE = Memory");
    query("INSERT INTO mem VALUES (1)");
    query("CREATE VIEW v AS SELECT * FROM mt");

    const auto with_total_rows =
        catalog_sql::parse_tables_with_total_rows(query(catalog_sql::tables_with_total_rows()));
    const auto from_parts = catalog_sql::parse_tables_and_part_rows(query(catalog_sql::tables_without_rows()),
                                                                    query(catalog_sql::part_rows()));
    ASSERT_EQ(with_total_rows.size(), 5u);
    ASSERT_EQ(from_parts.size(), 5u);
    const std::vector<std::string> names = {"empty_rmt", "mem", "mt", "v", kHostileTable};
    const std::vector<std::string> engines = {"ReplacingMergeTree", "Memory", "MergeTree", "View",
                                              "MergeTree"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(with_total_rows[i].name, names[i]);
        EXPECT_EQ(from_parts[i].name, names[i]);
        EXPECT_EQ(with_total_rows[i].engine, engines[i]);
        EXPECT_EQ(from_parts[i].engine, engines[i]);
    }
    // MergeTree tables count alike both ways; the Memory table only where the server keeps total_rows.
    EXPECT_EQ(with_total_rows[0].rows, std::optional<std::uint64_t>(0));
    EXPECT_EQ(from_parts[0].rows, std::optional<std::uint64_t>(0));
    EXPECT_EQ(with_total_rows[2].rows, std::optional<std::uint64_t>(3));
    EXPECT_EQ(from_parts[2].rows, std::optional<std::uint64_t>(3));
    EXPECT_EQ(with_total_rows[4].rows, std::optional<std::uint64_t>(1));
    EXPECT_EQ(from_parts[4].rows, std::optional<std::uint64_t>(1));
    EXPECT_EQ(with_total_rows[1].rows, std::optional<std::uint64_t>(1));
    EXPECT_EQ(from_parts[1].rows, std::nullopt);
    EXPECT_EQ(with_total_rows[3].rows, std::nullopt);
}

TEST_F(CatalogTest, DescribeListsInsertableColumnsInTableOrder) {
    query("CREATE TABLE " + quote_identifier(kHostileTable) +
          " (`id` UInt32, `a``b` LowCardinality(Nullable(String)), `tab\tcol` Map(String, "
          "Array(Nullable(Int8))), "
          "`twice` UInt64 ALIAS id * 2, `m` UInt64 MATERIALIZED id + 1, `e` UInt8 EPHEMERAL, "
          "`d` DateTime64(3, 'Europe/Berlin') DEFAULT now64(), `j` JSON, `t` Tuple(a Int8, `b c` String)) "
          "ENGINE = MergeTree ORDER BY id");
    const auto columns = catalog_sql::parse_describe(query(catalog_sql::describe(kHostileTable)));
    std::string listed;
    for (const auto& column : columns) {
        listed += column.name + ": " + column.type + "\n";
    }
    EXPECT_EQ(listed, "id: UInt32\n"
                      "a`b: LowCardinality(Nullable(String))\n"
                      "tab\tcol: Map(String, Array(Nullable(Int8)))\n"
                      "d: DateTime64(3, 'Europe/Berlin')\n"
                      "j: JSON\n"
                      "t: Tuple(\n    a Int8,\n    `b c` String)\n");
    // Every listed column can be selected by name (ALIAS/MATERIALIZED/EPHEMERAL are not listed).
    std::vector<std::string> refs;
    for (const auto& column : columns) {
        refs.push_back(quote_identifier(column.name));
    }
    EXPECT_EQ(query(clickhouse::build_select(kHostileTable, {}, refs) + " FORMAT TSVWithNames").substr(0, 3),
              "id\t");
}

TEST_F(CatalogTest, DescribeOfAMissingTableNamesIt) {
    const std::string error = query_error(catalog_sql::describe("no such table"));
    EXPECT_NE(error.find("no such table"), std::string::npos) << error;
    EXPECT_NE(error.find("UNKNOWN_TABLE"), std::string::npos) << error;
}

TEST_F(CatalogTest, TableExistsWithHostileNames) {
    query("CREATE TABLE " + quote_identifier(kHostileTable) + " (x UInt8) ENGINE = Memory");
    EXPECT_TRUE(catalog_sql::parse_table_exists(query(catalog_sql::table_exists(kHostileTable))));
    EXPECT_FALSE(catalog_sql::parse_table_exists(query(catalog_sql::table_exists(kHostileTable + "x"))));
    EXPECT_FALSE(catalog_sql::parse_table_exists(query(catalog_sql::table_exists("' OR 1 = 1 --"))));
}

TEST_F(CatalogTest, ServerTimezone) {
    EXPECT_EQ(catalog_sql::parse_server_timezone(query(catalog_sql::server_timezone())), "Etc/UTC");
}

class LoadTest : public ModernTest {
protected:
    /// Sends an INSERT the way the HTTP interface takes it: the statement, then the body.
    void insert(const std::string& sql, const std::string& body) { query(sql + "\n" + body); }

    /// Encodes CSV-like rows with Ferry's encoder for `columns` and inserts them with load_sql::insert().
    void load(const std::string& table, const std::vector<clickhouse::ColumnInfo>& columns,
              const std::vector<std::vector<std::string>>& rows) {
        const auto encoder = clickhouse::make_insert_encoder(columns, "Etc/UTC");
        std::string body;
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < row.size(); ++i) {
                encoder->value(i, row[i], false, body);
            }
            encoder->end_row(body);
        }
        std::vector<std::string> names;
        for (const auto& column : columns) {
            names.push_back(column.name);
        }
        insert(load_sql::insert(table, names, encoder->format()), body);
    }

    std::string checksum(const std::string& table) {
        return query("SELECT count(), sum(cityHash64(*)) FROM " + quote_identifier(table));
    }

    /// The commit step as StagingTable::move_rows_to_target() runs it.
    void commit(const std::string& target, const std::string& staging,
                const std::vector<std::string>& columns) {
        if (query(load_sql::table_engine(target)).find("MergeTree") == std::string::npos) {
            query(load_sql::insert_select(target, staging, columns));
            return;
        }
        const std::string partitions = query(load_sql::active_partitions(staging));
        for (const auto& row : split_tsv(partitions)) {
            query(load_sql::attach_partition(target, row.at(0), staging));
        }
    }
};

TEST_F(LoadTest, CreateTableFromTheFilesSchema) {
    query(load_sql::create_table(kHostileTable, {{"id", "Int64"},
                                                 {"na me", "Nullable(String)"},
                                                 {"when`", "Nullable(DateTime)"},
                                                 {"amount", "Nullable(Float64)"},
                                                 {"day", "Date"}}));
    // IF NOT EXISTS: a second run is harmless.
    query(load_sql::create_table(kHostileTable, {{"id", "Int64"}}));
    const auto columns = catalog_sql::parse_describe(query(catalog_sql::describe(kHostileTable)));
    ASSERT_EQ(columns.size(), 5u);
    EXPECT_EQ(columns[2].name, "when`");
    EXPECT_EQ(columns[2].type, "Nullable(DateTime)");
    EXPECT_EQ(query(load_sql::table_engine(kHostileTable)), "MergeTree\n");
}

TEST_F(LoadTest, StagingThenAttachPartitionsCommitsEveryRowOnce) {
    const std::string target = "target 't`";
    query("CREATE TABLE " + quote_identifier(target) +
          " (id UInt32, d Date, s LowCardinality(String), x Nullable(Decimal(18, 4)), i Int128) ENGINE = "
          "ReplacingMergeTree PARTITION BY toYYYYMM(d) ORDER BY id");
    const std::string staging = "_ferry_staging_target_t_0123456789ab";
    query(load_sql::create_staging(staging, target));
    const auto columns = catalog_sql::parse_describe(query(catalog_sql::describe(staging)));
    ASSERT_EQ(columns.size(), 5u);
    load(staging, columns,
         {{"1", "2020-01-31", "a", "1.5", "-170141183460469231731687303715884105728"},
          {"2", "2020-02-01", "b", "-0.0001", "1"},
          {"3", "2021-12-31", "", "0", "0"}});
    EXPECT_EQ(query(load_sql::count_rows(staging)), "3\n");
    EXPECT_EQ(split_tsv(query(load_sql::active_partitions(staging))).size(), 3u);
    // Nothing is in the target until the commit; then all of it, and the staging table is dropped.
    EXPECT_EQ(query(load_sql::count_rows(target)), "0\n");
    commit(target, staging, {"id", "d", "s", "x", "i"});
    EXPECT_EQ(checksum(target), checksum(staging));
    EXPECT_EQ(query("SELECT id, d, s, x, i FROM " + quote_identifier(target) + " ORDER BY id"),
              "1\t2020-01-31\ta\t1.5\t-170141183460469231731687303715884105728\n"
              "2\t2020-02-01\tb\t-0.0001\t1\n3\t2021-12-31\t\t0\t0\n");
    query(load_sql::drop_table(staging));
    query(load_sql::drop_table(staging)); // IF EXISTS
    EXPECT_FALSE(catalog_sql::parse_table_exists(query(catalog_sql::table_exists(staging))));
}

TEST_F(LoadTest, TablesWithoutPartitionsCommitWithInsertSelect) {
    query("CREATE TABLE target (id UInt32, tags Array(String), m Map(String, UInt8)) ENGINE = Memory");
    query(load_sql::create_staging("staging", "target"));
    const auto columns = catalog_sql::parse_describe(query(catalog_sql::describe("staging")));
    load("staging", columns, {{"1", "['a','b\\'c']", "{'k':1}"}, {"2", "[]", "{}"}});
    commit("target", "staging", {"id", "tags", "m"});
    EXPECT_EQ(query("SELECT * FROM target ORDER BY id"), "1\t['a','b\\'c']\t{'k':1}\n2\t[]\t{}\n");
}

TEST_F(LoadTest, InsertOfSomeColumnsLeavesTheOthersToTheirDefaults) {
    query("CREATE TABLE t (id UInt32, note String DEFAULT 'none', created DateTime DEFAULT toDateTime(0)) "
          "ENGINE = MergeTree ORDER BY id");
    load("t", {{"id", "UInt32"}}, {{"7"}});
    EXPECT_EQ(query("SELECT id, note, toUnixTimestamp(created) FROM t"), "7\tnone\t0\n");
}

TEST_F(LoadTest, LeftoverAndInUseQueriesRun) {
    query("CREATE TABLE _ferry_staging_x_000000000000 (id UInt8) ENGINE = Memory");
    query("CREATE TABLE other (id UInt8) ENGINE = Memory");
    // A staging table younger than a minute is some running import's: not a leftover.
    EXPECT_EQ(query(load_sql::leftover_tables("_ferry_staging_")), "");
    EXPECT_EQ(
        query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND startsWith(name, "
              "'_ferry_staging_') AND metadata_modification_time >= now() - 60"),
        "1\n");
    // The query that looks for users of a name does not find itself.
    EXPECT_EQ(query(load_sql::queries_using("_ferry_staging_x_000000000000")), "0\n");
}

TEST_F(CatalogTest, KillQueryOfAnIdThatIsNotRunning) {
    // Cancelling sends this for the query that was streaming; by then it may have ended: no error.
    EXPECT_EQ(query(clickhouse::kill_query_sql("ferry-' OR 1 = 1 --")), "");
    EXPECT_EQ(query("SELECT version() LIKE '26.%'"), "1\n");
}

/// The JOIN sources of exports and previews: the same cases and rows as on 18.16.
class JoinTest : public ModernTest, public ::testing::WithParamInterface<test::JoinCase> {
protected:
    void SetUp() override {
        ModernTest::SetUp();
        for (const auto& statement : test::join_tables()) {
            query(statement);
        }
    }
};

TEST_P(JoinTest, SameRowsAsOn1816) {
    const test::JoinCase& join_case = GetParam();
    pipeline::TableSource source{join_case.base, {}};
    for (const auto& text : join_case.joins) {
        source.joins.push_back(clickhouse::parse_join(text));
    }
    std::string sql = pipeline::source_select(source, join_case.columns, join_case.limit);
    const std::string format = " FORMAT TabSeparatedWithNamesAndTypes";
    ASSERT_TRUE(sql.ends_with(format));
    sql.resize(sql.size() - format.size());
    const std::string out = test::sorted_result(query(sql, "TSVWithNames"));
    EXPECT_NE(std::find(join_case.expected.begin(), join_case.expected.end(), out), join_case.expected.end())
        << sql << "\ngave\n"
        << out << "expected\n"
        << join_case.expected.front();
}

} // namespace

void PrintTo(const test::JoinCase& join_case, std::ostream* out) {
    *out << join_case.name;
}

namespace {

INSTANTIATE_TEST_SUITE_P(Joins, JoinTest, ::testing::ValuesIn(test::join_cases()),
                         [](const ::testing::TestParamInfo<test::JoinCase>& info) {
                             return info.param.name;
                         });

} // namespace
} // namespace ferry::modern
