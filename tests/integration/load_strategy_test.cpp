/// Imports into every kind of target table on a real ClickHouse server: each row lands exactly once in
/// the table and in every materialized view it feeds, a bad file changes nothing (or exactly what the
/// printed strategy promised), and targets that cannot be loaded are refused before any work.
/// Distributed and Replicated targets are in cluster_load_test.cpp.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

constexpr int kRows = 1000;

/// One target table shape: how to create it, and where to read its rows back.
struct Target {
    Target(std::string name_, std::vector<std::string> setup_, std::string strategy_, std::string read_from_ = "",
           std::vector<std::string> views_ = {})
        : name(std::move(name_)), setup(std::move(setup_)), strategy(std::move(strategy_)),
          read_from(std::move(read_from_)), views(std::move(views_)) {}
    std::string name;
    std::vector<std::string> setup; ///< statements, `{t}` = the target's name
    std::string strategy;           ///< expected "strategy" in --json
    std::string read_from;          ///< table to count rows in (default: the target)
    std::vector<std::string> views; ///< tables fed by views: each must get sum(c) = rows
};

class LoadStrategyTest : public ClickHouseTest, public ::testing::WithParamInterface<Target> {
protected:
    /// k = 1..rows, d spread over 36 months, v = k / 2, s = "s<k>".
    std::string rows_file(int first, int count, bool bad_last = false) {
        std::string csv = "k,d,v,s\n";
        for (int k = first; k < first + count; ++k) {
            const bool bad = bad_last && k == first + count - 1;
            csv += fmt::format("{},{}-{:02}-15,{},s{}\n", k, 2021 + (k % 36) / 12, (k % 36) % 12 + 1,
                               bad ? "not-a-number" : fmt::format("{}", k / 2.0), k);
        }
        const auto path = scratch(fmt::format("rows_{}_{}_{}.csv", first, count, bad_last));
        write_file(path, csv);
        return path.string();
    }

    /// count, sum(k), sum(v), distinct k of a table, as one line.
    std::string checksum(const std::string& table) {
        return query(fmt::format("SELECT count(), sum(k), sum(v), uniqExact(k) FROM `{}` FORMAT TSV", table));
    }

    std::string view_total(const std::string& table) {
        return query(fmt::format("SELECT sum(c) FROM `{}` FORMAT TSV", table));
    }

    std::string staging_tables() {
        return query("SELECT name FROM system.tables WHERE database = currentDatabase() AND "
                     "startsWith(name, '_ferry_staging_') FORMAT TSV");
    }
};

std::string replace_table(std::string text, const std::string& name) {
    for (auto at = text.find("{t}"); at != std::string::npos; at = text.find("{t}")) {
        text.replace(at, 3, name);
    }
    return text;
}

constexpr const char* kColumns = "(k UInt32, d Date, v Float64, s String)";

TEST_P(LoadStrategyTest, EveryRowOnceInTableAndViewsAndABadFileChangesNothing) {
    const auto& target = GetParam();
    for (const auto& statement : target.setup) {
        query(replace_table(statement, "t"));
    }
    const std::string read_from = target.read_from.empty() ? "t" : target.read_from;

    const auto loaded = ferry(fmt::format("import --file {} --table t --json", rows_file(1, kRows)));
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find(fmt::format("\"strategy\": \"{}\"", target.strategy)), std::string::npos)
        << loaded.out;
    EXPECT_NE(loaded.err.find("Strategy: " + target.strategy), std::string::npos) << loaded.err;
    const std::string after_first = "1000\t500500\t250250\t1000\n";
    if (target.read_from != "-") {
        EXPECT_EQ(checksum(read_from), after_first);
    }
    for (const auto& view : target.views) {
        EXPECT_EQ(view_total(view), "1000\n") << view;
    }

    // A file whose last row is bad: nothing of it reaches the table or the views.
    const auto failed = ferry(fmt::format("import --file {} --table t", rows_file(5001, 500, true)));
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_NE(failed.err.find("line 501"), std::string::npos) << failed.err;
    EXPECT_NE(failed.err.find("Nothing was loaded into t"), std::string::npos) << failed.err;
    if (target.read_from != "-") {
        EXPECT_EQ(checksum(read_from), after_first);
    }
    for (const auto& view : target.views) {
        EXPECT_EQ(view_total(view), "1000\n") << view;
    }

    // A second good file adds exactly its rows.
    const auto second = ferry(fmt::format("import --file {} --table t", rows_file(1001, 500)));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    if (target.read_from != "-") {
        EXPECT_EQ(checksum(read_from), "1500\t1125750\t562875\t1500\n");
    }
    for (const auto& view : target.views) {
        EXPECT_EQ(view_total(view), "1500\n") << view;
    }
    EXPECT_EQ(staging_tables(), "");
}

const std::string kMergeTree = std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = MergeTree ORDER BY k";

INSTANTIATE_TEST_SUITE_P(
    Engines, LoadStrategyTest,
    ::testing::Values(
        Target{"MergeTree", {kMergeTree}, "staging_attach"},
        Target{"ReplacingMergeTree",
               {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = ReplacingMergeTree ORDER BY k"},
               "staging_attach"},
        Target{"SummingMergeTree",
               {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = SummingMergeTree ORDER BY k"},
               "staging_attach"},
        Target{"PartitionedByMonth36",
               {std::string("CREATE TABLE {t} ") + kColumns +
                " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k"},
               "staging_attach"},
        Target{"MergeTreeWithOneView",
               {kMergeTree, "CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY m AS "
                            "SELECT toYYYYMM(d) AS m, count() AS c FROM {t} GROUP BY m"},
               "staging_copy",
               "",
               {"mv"}},
        Target{"MergeTreeWithTwoViewsOneTo",
               {kMergeTree,
                "CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY m AS "
                "SELECT toYYYYMM(d) AS m, count() AS c FROM {t} GROUP BY m",
                "CREATE TABLE agg (m UInt32, c UInt64) ENGINE = SummingMergeTree ORDER BY m",
                "CREATE MATERIALIZED VIEW mv_to TO agg AS SELECT toYYYYMM(d) AS m, count() AS c FROM {t} "
                "GROUP BY m"},
               "staging_copy",
               "",
               {"mv", "agg"}},
        Target{"Buffer",
               {std::string("CREATE TABLE dest ") + kColumns + " ENGINE = MergeTree ORDER BY k",
                "CREATE TABLE {t} AS dest ENGINE = Buffer(currentDatabase(), dest, 1, 1, 2, 1, 100000, 1, "
                "100000000)"},
               "staging_copy"},
        Target{"NullWithView",
               {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = Null",
                "CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY m AS "
                "SELECT toYYYYMM(d) AS m, count() AS c FROM {t} GROUP BY m"},
               "staging_copy",
               "-",
               {"mv"}},
        Target{"Memory", {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = Memory"}, "staging_copy"},
        Target{"Log", {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = Log"}, "staging_copy"},
        Target{"TinyLog", {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = TinyLog"}, "staging_copy"},
        Target{"StripeLog", {std::string("CREATE TABLE {t} ") + kColumns + " ENGINE = StripeLog"},
               "staging_copy"}),
    [](const auto& info) { return info.param.name; });

class LoadRefusalTest : public ClickHouseTest {};

TEST_F(LoadRefusalTest, ViewsMergeAndSystemTablesAreRefusedBeforeAnyWork) {
    query(kMergeTree.substr(0, 13) + "base " + kMergeTree.substr(16));
    query("CREATE VIEW v AS SELECT * FROM base");
    query("CREATE MATERIALIZED VIEW mv ENGINE = MergeTree ORDER BY k AS SELECT * FROM base");
    query("CREATE TABLE m AS base ENGINE = Merge(currentDatabase(), '^base$')");
    write_file(scratch("a.csv"), "k,d,v,s\n1,2024-01-01,1,a\n");
    for (const auto& [table, words] : std::vector<std::pair<std::string, std::string>>{
             {"v", "is a View table, which cannot be loaded; load the table it selects from"},
             {"mv", "is a MaterializedView table, which cannot be loaded; load the table it reads from"},
             {"m", "is a Merge table, which cannot be loaded; load one of the tables it reads"}}) {
        const auto result = ferry("import --file " + scratch("a.csv").string() + " --table " + table);
        EXPECT_NE(result.exit_code, 0) << table;
        EXPECT_NE(result.err.find(words), std::string::npos) << result.err;
    }
    EXPECT_EQ(query("SELECT count() FROM base FORMAT TSV"), "0\n");
    EXPECT_EQ(query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND "
                    "startsWith(name, '_ferry_staging_') FORMAT TSV"),
              "0\n");
}

TEST_F(LoadRefusalTest, AReadOnlyUserIsRefusedWithAClearError) {
    query(kMergeTree.substr(0, 13) + "t " + kMergeTree.substr(16));
    write_file(scratch("a.csv"), "k,d,v,s\n1,2024-01-01,1,a\n");
    const auto result = ferry("--user ferry_reader import --file " + scratch("a.csv").string() + " --table t");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("may only read"), std::string::npos) << result.err;
}

class DirectLoadTest : public LoadStrategyTest {};

TEST_F(DirectLoadTest, AUserWithoutDdlRightsLoadsDirectlyAfterCheckingEveryRow) {
    query(kMergeTree.substr(0, 13) + "t " + kMergeTree.substr(16));
    query("CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY m AS SELECT toYYYYMM(d) AS m, "
          "count() AS c FROM t GROUP BY m");
    const auto bad = ferry("--user ferry_noddl import --file " + rows_file(1, kRows, true) + " --table t");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("Strategy: direct"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("Warning: not all-or-nothing"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("line 1001"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("Nothing was loaded into t"), std::string::npos) << bad.err;
    EXPECT_EQ(checksum("t"), "0\t0\t0\t0\n");

    const auto good =
        ferry("--user ferry_noddl import --file " + rows_file(1, kRows) + " --table t --json");
    ASSERT_EQ(good.exit_code, 0) << good.err;
    EXPECT_NE(good.out.find("\"strategy\": \"direct\", \"atomic\": false"), std::string::npos) << good.out;
    EXPECT_EQ(checksum("t"), "1000\t500500\t250250\t1000\n");
    EXPECT_EQ(view_total("mv"), "1000\n");
}

TEST_F(DirectLoadTest, SkippedRowsAreRejectedOnceAndTheRestLoadDirectly) {
    query(kMergeTree.substr(0, 13) + "t " + kMergeTree.substr(16));
    const auto rejects = scratch("rejects.csv");
    const auto result = ferry("--user ferry_noddl import --file " + rows_file(1, kRows, true) +
                              " --table t --on-error skip --rejects " + rejects.string() + " --json");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(checksum("t"), "999\t499500\t249750\t999\n");
    const auto text = read_file(rejects);
    // The rejects file's header, the input's header (reason "header", docs/dirty-rows.md), one rejected row.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
    EXPECT_NE(text.find("1001"), std::string::npos) << text;
}

TEST_F(DirectLoadTest, ABatchedDirectLoadCommitsWholeBatches) {
    // The user's profile sets max_insert_block_size = 300 (scripts/clickhouse-server.sh): four INSERTs of
    // at most 300 rows, each one block.
    query(kMergeTree.substr(0, 13) + "t " + kMergeTree.substr(16));
    const auto result = ferry("--user ferry_noddl import --file " + rows_file(1, kRows) + " --table t");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(checksum("t"), "1000\t500500\t250250\t1000\n");
    // Parts of level 0 are the inserted blocks (merged ones stay listed, inactive, for minutes).
    EXPECT_EQ(query("SELECT count() FROM system.parts WHERE database = currentDatabase() AND table = 't' AND "
                    "level = 0 FORMAT TSV"),
              "4\n");
}

class CreateAndReplaceTest : public LoadStrategyTest {};

TEST_F(CreateAndReplaceTest, AFailedCreateLeavesNoTableBehind) {
    // The inferred schema makes v a String, so the bad row here is a short one.
    write_file(scratch("short.csv"), "k,d,v,s\n1,2024-01-01,1.5,a\n2,2024-01-02\n");
    const auto result = ferry("import --create --file " + scratch("short.csv").string() + " --table fresh");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
    EXPECT_EQ(query("EXISTS TABLE fresh FORMAT TSV"), "0\n");
    const auto good = ferry("import --create --file " + rows_file(1, 100) + " --table fresh");
    ASSERT_EQ(good.exit_code, 0) << good.err;
    EXPECT_EQ(query("SELECT count() FROM fresh FORMAT TSV"), "100\n");
}

TEST_F(CreateAndReplaceTest, ReplaceLeavesExactlyTheFileRowsAndABadFileKeepsTheOldOnes) {
    query(std::string("CREATE TABLE t ") + kColumns + " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k");
    ASSERT_EQ(ferry("import --file " + rows_file(1, kRows) + " --table t").exit_code, 0);
    // The new file covers only some of the old months: the others must go too.
    const auto replaced = ferry("import --mode replace --file " + rows_file(2000, 10) + " --table t --json");
    ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
    EXPECT_NE(replaced.out.find("\"strategy\": \"staging_attach\""), std::string::npos);
    EXPECT_EQ(checksum("t"), "10\t20045\t10022.5\t10\n");
    const auto bad = ferry("import --mode replace --file " + rows_file(1, kRows, true) + " --table t");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_EQ(checksum("t"), "10\t20045\t10022.5\t10\n");
}

TEST_F(CreateAndReplaceTest, ReplaceIsRefusedForATableWithViews) {
    query(kMergeTree.substr(0, 13) + "t " + kMergeTree.substr(16));
    query("CREATE MATERIALIZED VIEW mv ENGINE = SummingMergeTree ORDER BY m AS SELECT toYYYYMM(d) AS m, "
          "count() AS c FROM t GROUP BY m");
    const auto result = ferry("import --mode replace --file " + rows_file(1, 10) + " --table t");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("cannot replace the rows of 't'"), std::string::npos) << result.err;
}

class ExportSourcesTest : public LoadStrategyTest {};

TEST_F(ExportSourcesTest, ViewsMaterializedViewsAndMergeTablesExportEveryRowOnce) {
    query(kMergeTree.substr(0, 13) + "base " + kMergeTree.substr(16));
    query("CREATE TABLE base2 " + std::string(kColumns) + " ENGINE = MergeTree ORDER BY k");
    query("CREATE VIEW v AS SELECT * FROM base");
    query("CREATE MATERIALIZED VIEW mv ENGINE = MergeTree ORDER BY k AS SELECT * FROM base");
    query("CREATE TABLE m AS base ENGINE = Merge(currentDatabase(), '^base')");
    ASSERT_EQ(ferry("import --file " + rows_file(1, kRows) + " --table base").exit_code, 0);
    ASSERT_EQ(ferry("import --file " + rows_file(1001, 500) + " --table base2").exit_code, 0);
    for (const auto& [source, expected] : std::vector<std::pair<std::string, std::string>>{
             {"v", "1000\t500500"}, {"mv", "1000\t500500"}, {"m", "1500\t1125750"}}) {
        const auto out = scratch(source + ".csv");
        const auto result = ferry("export --table " + source + " --columns k --file " + out.string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const auto text = read_file(out);
        std::uint64_t count = 0, sum = 0;
        std::size_t pos = text.find('\n') + 1;
        while (pos < text.size()) {
            const auto end = text.find('\n', pos);
            sum += std::stoull(text.substr(pos, end - pos));
            ++count;
            pos = end + 1;
        }
        EXPECT_EQ(fmt::format("{}\t{}", count, sum), expected) << source;
    }
}

/// Imports into tables of scalar columns send Native blocks (NativeInsertEncoder): a bad value in any column
/// cuts the whole row back out of every column, rejected rows carry the same line/column/value messages, and
/// a materialized view sees the rows, both through a staging table and loading directly.
class NativeImportTest : public LoadStrategyTest {
protected:
    void create_tables() {
        query("CREATE TABLE t (id UInt32, n Nullable(Int16), s String, d Nullable(Date)) ENGINE = MergeTree "
              "ORDER BY id");
        query("CREATE TABLE counts (rows UInt64, total Int64) ENGINE = SummingMergeTree ORDER BY tuple()");
        query("CREATE MATERIALIZED VIEW mv TO counts AS SELECT count() AS rows, sum(ifNull(n, 0)) AS total FROM t");
    }
    std::string bad_rows_file() {
        const auto path = scratch("bad_rows.csv");
        write_file(path, "id,n,s,d\n"
                         "1,5,a,2020-01-01\n"
                         "2,70000,b,2020-01-02\n" // bad in the middle: id was written, s and d not yet
                         "3,,\"\",\n"             // NULL, empty string, NULL
                         "4,-7,d,2020-13-01\n"    // bad in the last column
                         "5,9,\"x,y\",2020-01-05\n");
        return path.string();
    }
    void expect_good_rows_only() {
        EXPECT_EQ(query("SELECT * FROM t ORDER BY id FORMAT TSV"),
                  "1\t5\ta\t2020-01-01\n3\t\\N\t\t\\N\n5\t9\tx,y\t2020-01-05\n");
        EXPECT_EQ(query("SELECT sum(rows), sum(total) FROM counts FORMAT TSV"), "3\t14\n");
    }
};

TEST_F(NativeImportTest, BadRowsAreCutOutOfEveryColumnAndTheViewSeesTheRest) {
    create_tables();
    const auto failed = ferry("import --file " + bad_rows_file() + " --table t");
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_NE(failed.err.find("line 3: column n: '70000'"), std::string::npos) << failed.err;
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TSV"), "0\n");

    const auto rejects = scratch("rejects.csv");
    const auto loaded =
        ferry("import --file " + bad_rows_file() + " --table t --on-error skip --rejects " + rejects.string());
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    expect_good_rows_only();
    const auto text = read_file(rejects);
    EXPECT_NE(text.find("column n: '70000'"), std::string::npos) << text;
    EXPECT_NE(text.find("column d: '2020-13-01'"), std::string::npos) << text;
}

TEST_F(NativeImportTest, ADirectLoadWithoutDdlRightsSkipsTheSameRowsAndFiresTheView) {
    create_tables();
    const auto loaded = ferry("--user ferry_noddl import --file " + bad_rows_file() +
                              " --table t --on-error skip --rejects " + scratch("rejects.csv").string() + " --json");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find("\"strategy\": \"direct\""), std::string::npos) << loaded.out;
    expect_good_rows_only();
}

} // namespace
} // namespace ferry::test
