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
#include "clickhouse/join_support.h"
#include "clickhouse/load_sql.h"
#include "clickhouse/query_control.h"
#include "clickhouse/sql.h"
#include "clickhouse/table_engine.h"
#include "modern/modern_test.h"
#include "pipeline/export_job.h"
#include "support/join_cases.h"
#include "support/load_scenarios.h"

namespace ferry::modern {
namespace {

namespace catalog_sql = clickhouse::catalog_sql;
namespace load_sql = clickhouse::load_sql;
using clickhouse::quote_identifier;

/// Hostile names: quotes, backslash, backtick, tab, spaces, non-ASCII, SQL.
const std::string kHostileTable = "we`ird 'name\\ \t;DROP TABLE x;--\xC3\xBC";

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

TEST_F(CatalogTest, PartBytesOfAMergeTreeTableAndNothingForOtherEngines) {
    query("CREATE TABLE " + quote_identifier(kHostileTable) + " (x UInt64, s String) ENGINE = MergeTree ORDER BY x");
    // No parts yet: its size is not known from them.
    EXPECT_EQ(catalog_sql::parse_table_part_bytes(query(catalog_sql::table_part_bytes(kHostileTable))), std::nullopt);
    query("INSERT INTO " + quote_identifier(kHostileTable) + " SELECT number, repeat('x', 100) FROM numbers(10000)");
    const auto bytes = catalog_sql::parse_table_part_bytes(query(catalog_sql::table_part_bytes(kHostileTable)));
    ASSERT_TRUE(bytes.has_value());
    EXPECT_GT(*bytes, 10000u * 100);
    EXPECT_LT(*bytes, 10000u * 130);
    query("CREATE TABLE memory_table (x UInt64) ENGINE = Memory");
    query("INSERT INTO memory_table SELECT number FROM numbers(10)");
    EXPECT_EQ(catalog_sql::parse_table_part_bytes(query(catalog_sql::table_part_bytes("memory_table"))), std::nullopt);
}

TEST_F(CatalogTest, ServerTimezone) {
    EXPECT_EQ(catalog_sql::parse_server_timezone(query(catalog_sql::server_timezone())), "Etc/UTC");
}

class LoadTest : public ModernTest {
protected:
    /// The engine as a scenario's server; an INSERT's body follows its statement, as in an HTTP request.
    test::SqlRunner server() {
        return {[this](const std::string& sql) { return query(sql); },
                [this](const std::string& sql, const std::string& body) { query(sql + "\n" + body); }};
    }
};

TEST_F(LoadTest, CreateTableFromTheFilesSchema) {
    test::create_table_from_schema(server());
}

TEST_F(LoadTest, StagingThenAttachPartitionsCommitsEveryRowOnce) {
    test::staging_then_attach_partitions(server());
}

TEST_F(LoadTest, TablesWithoutPartitionsCommitWithInsertSelect) {
    test::staging_then_insert_select(server());
}

TEST_F(LoadTest, LeftoverAndInUseQueriesRun) {
    test::leftover_staging_queries(server());
}

TEST_F(LoadTest, ReplaceModeReplacesAndDropsPartitions) {
    test::staging_replace_partitions(server());
}

TEST_F(LoadTest, StagingCopyFiresMaterializedViews) {
    test::staging_copy_fires_views(server());
}

TEST_F(LoadTest, SessionSettingsProbeFindsTheDeduplicationToken) {
    EXPECT_TRUE(test::session_settings_probe(server()));
}

// The engine_full text 26.x writes (SETTINGS, TTL, PRIMARY KEY, SAMPLE BY, version columns) rewritten into
// a private staging engine: the staging table takes the rows and its parts attach to the target.
TEST_F(LoadTest, PrivateStagingEngineFromModernEngineFull) {
    const std::vector<std::string> engines = {
        "MergeTree PARTITION BY toYYYYMM(d) ORDER BY (id, d) SETTINGS index_granularity = 1024",
        "ReplacingMergeTree(v) PARTITION BY d ORDER BY id",
        "ReplacingMergeTree(v, deleted) ORDER BY id",
        "SummingMergeTree((v)) ORDER BY id",
        "CollapsingMergeTree(sign) PARTITION BY toYear(d) ORDER BY id",
        "VersionedCollapsingMergeTree(sign, v) ORDER BY id",
        "AggregatingMergeTree ORDER BY id",
        "MergeTree PRIMARY KEY id ORDER BY (id, s) SAMPLE BY id TTL d + INTERVAL 100 YEAR",
        "MergeTree ORDER BY tuple() SETTINGS allow_nullable_key = 1, storage_policy = 'default'",
        "CoalescingMergeTree ORDER BY id",
    };
    for (std::size_t i = 0; i < engines.size(); ++i) {
        const std::string target = "t" + std::to_string(i);
        try {
            query(
                "CREATE TABLE " + target +
                " (id UInt32, d Date, s String, v UInt64, sign Int8, deleted UInt8) ENGINE = " + engines[i]);
        } catch (const ChdbError& e) {
            ADD_FAILURE() << engines[i] << ": " << e.what();
            continue;
        }
        const auto facts = catalog_sql::parse_tsv(query(load_sql::target_facts(target)));
        ASSERT_EQ(facts.size(), 1u);
        const std::string engine_full = facts[0].at(2).value_or("");
        const auto clause = clickhouse::private_engine_clause(engine_full);
        ASSERT_TRUE(clause.has_value()) << engine_full;
        const std::string staging = "_ferry_staging_" + target;
        query(load_sql::create_staging(staging, target, *clause));
        query(load_sql::stop_merges(staging));
        query("INSERT INTO " + staging +
              " VALUES (1, '2020-01-01', 'a', 1, 1, 0), (2, '2021-06-01', 'b', 2, 1, 0)");
        for (const auto& row : split_tsv(query(load_sql::partition_rows(staging)))) {
            query(load_sql::attach_partition(target, row.at(0), staging));
        }
        EXPECT_EQ(query("SELECT id, s FROM " + target + " ORDER BY id"), "1\ta\n2\tb\n")
            << engine_full << " -> " << *clause;
    }
}

TEST_F(LoadTest, StagingOfModernTypesAttaches) {
    query("CREATE TABLE target (id UInt32, d Date32, s LowCardinality(Nullable(String)), i Int256, "
          "m Map(String, Array(Nullable(UInt8))), j JSON) ENGINE = MergeTree PARTITION BY toYear(d) ORDER BY "
          "id");
    query(load_sql::create_staging("staging", "target"));
    const auto columns = catalog_sql::parse_describe(query(catalog_sql::describe("staging")));
    const auto encoder = clickhouse::make_insert_encoder(columns, "Etc/UTC");
    EXPECT_EQ(encoder->format(), "TabSeparated"); // JSON has no binary encoding in Ferry
    std::string body;
    const std::vector<std::vector<std::string>> rows = {
        {"1", "1900-01-01", "x", "-1", "{'a':[1,NULL]}", "{\"k\":1}"},
        {"2", "2299-12-31", "", "0", "{}", "{}"}};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            encoder->value(i, row[i], false, body);
        }
        encoder->end_row(body);
    }
    query(load_sql::insert("staging", {"id", "d", "s", "i", "m", "j"}, encoder->format()) + "\n" + body);
    for (const auto& row : split_tsv(query(load_sql::active_partitions("staging")))) {
        query(load_sql::attach_partition("target", row.at(0), "staging"));
    }
    EXPECT_EQ(query("SELECT * FROM target ORDER BY id"),
              "1\t1900-01-01\tx\t-1\t{'a':[1,NULL]}\t{\"k\":1}\n2\t2299-12-31\t\t0\t{}\t{}\n");
}

TEST_F(LoadTest, InsertOfSomeColumnsLeavesTheOthersToTheirDefaults) {
    query("CREATE TABLE t (id UInt32, note String DEFAULT 'none', created DateTime DEFAULT toDateTime(0)) "
          "ENGINE = MergeTree ORDER BY id");
    const auto encoder = clickhouse::make_insert_encoder({{"id", "UInt32"}}, "Etc/UTC");
    std::string body;
    encoder->value(0, "7", false, body);
    encoder->end_row(body);
    query(load_sql::insert("t", {"id"}, encoder->format()) + "\n" + body);
    EXPECT_EQ(query("SELECT id, note, toUnixTimestamp(created) FROM t"), "7\tnone\t0\n");
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

/// What the 26.5 engine's joins can do, by Ferry's own probes.
clickhouse::JoinSupport probe(const std::function<std::string(std::string_view)>& run) {
    return clickhouse::probe_join_support(
        [&](const std::string& sql, const std::map<std::string, std::string>& settings) -> std::optional<std::string> {
            std::string text = sql;
            for (const auto& [name, value] : settings) {
                text += (text == sql ? " SETTINGS " : ", ") + name + " = " + value;
            }
            try {
                return run(text);
            } catch (const ChdbError&) {
                return std::nullopt;
            }
        },
        "26.5");
}

/// `sql` with the settings Ferry sends along (as URL parameters over HTTP).
std::string with_settings(std::string sql, const pipeline::TableSource& source) {
    const std::string format = " FORMAT TabSeparatedWithNamesAndTypes";
    if (sql.ends_with(format)) {
        sql.resize(sql.size() - format.size());
    }
    std::string sep = " SETTINGS ";
    for (const auto& [name, value] : pipeline::source_settings(source)) {
        sql += sep + name + " = " + value;
        sep = ", ";
    }
    return sql;
}

TEST_F(CatalogTest, JoinProbesFindSemiAsofAndArraysKeptEmpty) {
    const auto support = probe([&](std::string_view sql) { return query(sql); });
    EXPECT_TRUE(support.semi_anti);
    EXPECT_TRUE(support.asof);
    EXPECT_TRUE(support.arrays_under_nulls);
}

TEST_P(JoinTest, SameRowsAsOn1816) {
    const test::JoinCase& join_case = GetParam();
    pipeline::TableSource source{join_case.base, {}, join_case.defaults};
    for (const auto& text : join_case.joins) {
        source.joins.push_back(clickhouse::parse_join(text));
    }
    auto support = probe([&](std::string_view sql) { return query(sql); });
    ASSERT_TRUE(support.semi_anti);
    // With the SEMI/ANTI syntax the server has, and with the IN form written for servers without it.
    for (const bool native : {true, false}) {
        support.semi_anti = native;
        const std::string sql = with_settings(pipeline::source_select(source, join_case.columns, join_case.limit, support), source);
        const std::string out = test::sorted_result(query(sql, "TSVWithNames"));
        EXPECT_NE(std::find(join_case.expected.begin(), join_case.expected.end(), out), join_case.expected.end())
            << sql << "\ngave\n"
            << out << "expected\n"
            << join_case.expected.front();
    }
}

TEST_F(JoinTest, AsofPicksTheRowInEffect) {
    query("CREATE TABLE trades (sym String, ts UInt32, qty UInt32) ENGINE = MergeTree ORDER BY ts");
    query("CREATE TABLE prices (sym String, ts UInt32, price Float64) ENGINE = MergeTree ORDER BY ts");
    query("INSERT INTO trades VALUES ('A', 5, 1), ('A', 10, 2), ('B', 3, 3), ('A', 1, 4)");
    query("INSERT INTO prices VALUES ('A', 2, 1.5), ('A', 8, 1.8), ('B', 4, 9)");
    const auto support = probe([&](std::string_view sql) { return query(sql); });
    for (const auto& [kind, expected] :
         std::vector<std::pair<std::string, std::string>>{
             {"ASOF LEFT", "qty\tprice\n1\t1.5\n2\t1.8\n3\t\\N\n4\t\\N\n"},
             {"ASOF", "qty\tprice\n1\t1.5\n2\t1.8\n"}}) {
        pipeline::TableSource source{"trades", {}, clickhouse::JoinDefaults::Sql};
        // Written the other way round, prices.ts <= trades.ts: the builder puts the earlier table first.
        source.joins.push_back(
            clickhouse::parse_join(kind + " JOIN prices ON trades.sym = prices.sym AND prices.ts <= trades.ts"));
        const std::string sql =
            with_settings(pipeline::source_select(source, {"trades.qty", "prices.price"}, 0, support), source);
        EXPECT_EQ(test::sorted_result(query(sql, "TSVWithNames")), expected) << sql;
    }
}

TEST_F(JoinTest, ArraysOfRowsWithoutAMatchStayEmptyAndOtherTypesBecomeNullable) {
    query("CREATE TABLE o (id UInt32, customer UInt32) ENGINE = Memory");
    query("CREATE TABLE cu (id UInt32, tags Array(String), since Date, score Int32) ENGINE = Memory");
    query("INSERT INTO o VALUES (1, 10), (2, 20)");
    query("INSERT INTO cu VALUES (10, ['x'], '2020-01-02', 7)");
    const auto support = probe([&](std::string_view sql) { return query(sql); });
    pipeline::TableSource source{"o", {clickhouse::parse_join("LEFT JOIN cu ON o.customer = cu.id")},
                                 clickhouse::JoinDefaults::Sql};
    std::string sql = pipeline::source_select(source, {"o.id", "cu.tags", "cu.since", "cu.score"}, 0, support);
    sql = with_settings("SELECT * FROM (" + sql.substr(0, sql.find(" FORMAT ")) + ") ORDER BY id", source);
    EXPECT_EQ(query(sql, "TSVWithNamesAndTypes"),
              "id\ttags\tsince\tscore\nUInt32\tArray(String)\tNullable(Date)\tNullable(Int32)\n"
              "1\t['x']\t2020-01-02\t7\n2\t[]\t\\N\t\\N\n");
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
