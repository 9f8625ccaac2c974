/// Split, partitioned and parallel exports against a real server: every row exactly once across the
/// files (read back by importing each file alone), each file with its header, the manifest's rows, bytes
/// and SHA-256 true, and nothing under a final name after a failure or a cancel.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <boost/json.hpp>

#include "io/file_digest.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class SplitExportTest : public ClickHouseTest {
protected:
    /// `rows` rows (in `inserts` inserts, so in several parts) whose strings need quoting (commas, quotes, newlines), NULLs and empty strings, over
    /// 70 days (three months).
    void make_source(const std::string& table, int rows, int inserts = 1) {
        query("CREATE TABLE " + table +
              " (id UInt64, day Date, s String, n Nullable(String), f Float64) ENGINE = MergeTree "
              "PARTITION BY toYYYYMM(day) ORDER BY id");
        for (int i = 0; i < inserts; ++i) {
            query("INSERT INTO " + table +
                  " SELECT number, toDate('2024-01-01') + number % 70, concat('s,\"', toString(number), "
                  "if(number % 7 = 0, '\\n x', '')), if(number % 3 = 0, NULL, if(number % 3 = 1, '', "
                  "toString(number))), number / 3 FROM system.numbers WHERE number % " +
                  std::to_string(inserts) + " = " + std::to_string(i) + " LIMIT " + std::to_string(rows / inserts));
        }
    }
    std::string dump(const std::string& table) {
        return query("SELECT * FROM " + table + " ORDER BY id FORMAT TabSeparated");
    }
    json::object manifest(const fs::path& path) { return json::parse(read_file(path)).as_object(); }

    /// The names in the scratch directory, sorted.
    std::vector<std::string> listing(const fs::path& dir) {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    /// Imports every file of the manifest, each alone (so each must parse alone), into `copy`; checks
    /// each file's rows and SHA-256 against the manifest.
    void import_each(const fs::path& dir, const json::object& listed, const std::string& copy) {
        for (const auto& entry : listed.at("files").as_array()) {
            const auto& file = entry.as_object();
            const fs::path path = dir / std::string(file.at("path").as_string());
            EXPECT_EQ(io::sha256_of_file(path), file.at("sha256").as_string()) << path;
            EXPECT_EQ(fs::file_size(path), file.at("bytes").as_int64()) << path;
            const auto before = std::stoll(query("SELECT count() FROM " + copy + " FORMAT TabSeparated"));
            const auto result = ferry("import --table " + copy + " --file " + path.string());
            ASSERT_EQ(result.exit_code, 0) << path << ": " << result.err;
            const auto after = std::stoll(query("SELECT count() FROM " + copy + " FORMAT TabSeparated"));
            EXPECT_EQ(after - before, file.at("rows").as_int64()) << path;
        }
    }
};

TEST_F(SplitExportTest, SplitByRowsWritesNumberedGzipFilesEachWithItsHeaderEveryRowOnce) {
    make_source("src", 25'003);
    const auto dir = scratch("rows");
    fs::create_directories(dir);
    const auto result = ferry("export --json --table src --split-rows 10000 --file " + (dir / "out.csv.gz").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 25003"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"files\": 3"), std::string::npos) << result.out;
    EXPECT_EQ(listing(dir), (std::vector<std::string>{"out-00001.csv.gz", "out-00002.csv.gz", "out-00003.csv.gz",
                                                      "out.manifest.json"}));
    const auto listed = manifest(dir / "out.manifest.json");
    EXPECT_EQ(listed.at("rows").as_int64(), 25003);
    EXPECT_EQ(listed.at("file_count").as_int64(), 3);
    const auto& files = listed.at("files").as_array();
    EXPECT_EQ(files.at(0).at("rows").as_int64(), 10000);
    EXPECT_EQ(files.at(2).at("rows").as_int64(), 5003);
    EXPECT_EQ(listed.at("columns").as_array().size(), 5u);

    query("CREATE TABLE copy AS src");
    import_each(dir, listed, "copy");
    EXPECT_EQ(dump("copy"), dump("src"));
}

TEST_F(SplitExportTest, SplitByBytesCutsAtTheFirstRowReachingTheSize) {
    make_source("src", 20'000);
    const auto dir = scratch("bytes");
    fs::create_directories(dir);
    const auto result = ferry("export --table src --split-bytes 100K --file " + (dir / "out.tsv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto listed = manifest(dir / "out.manifest.json");
    const auto& files = listed.at("files").as_array();
    ASSERT_GT(files.size(), 5u);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto bytes = files[i].at("bytes").as_int64();
        EXPECT_LT(bytes, 102'400 + 100) << i; // less than the limit plus one row (rows are < 100 bytes)
        if (i + 1 < files.size()) {
            EXPECT_GE(bytes, 102'400) << i;
        }
    }
    query("CREATE TABLE copy AS src");
    import_each(dir, listed, "copy");
    EXPECT_EQ(dump("copy"), dump("src"));
}

TEST_F(SplitExportTest, PartitionByWritesOneSeriesPerValueExactly) {
    make_source("src", 30'000, 3);
    const auto dir = scratch("parts");
    fs::create_directories(dir);
    const auto result = ferry("export --table src --partition-by 'toYYYYMM(day)' --split-rows 8000 --parallel 2 "
                              "--file " + (dir / "by_month.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(listing(dir),
              (std::vector<std::string>{"by_month-202401-00001.csv", "by_month-202401-00002.csv",
                                        "by_month-202402-00001.csv", "by_month-202402-00002.csv",
                                        "by_month-202403-00001.csv", "by_month.manifest.json"}));
    const auto listed = manifest(dir / "by_month.manifest.json");
    EXPECT_EQ(listed.at("partition_by").as_string(), "toYYYYMM(day)");
    query("CREATE TABLE copy AS src");
    for (const auto& entry : listed.at("files").as_array()) {
        // Each file holds only rows of its partition value.
        query("CREATE TABLE one AS src");
        const std::string path = (dir / std::string(entry.at("path").as_string())).string();
        ASSERT_EQ(ferry("import --table one --file " + path).exit_code, 0) << path;
        EXPECT_EQ(query("SELECT toString(uniqExact(toYYYYMM(day))), toString(any(toYYYYMM(day))), "
                        "toString(count()) FROM one FORMAT TabSeparated"),
                  "1\t" + std::string(entry.at("partition").as_string()) + "\t" +
                      std::to_string(entry.at("rows").as_int64()) + "\n")
            << path;
        query("INSERT INTO copy SELECT * FROM one");
        query("DROP TABLE one");
    }
    EXPECT_EQ(dump("copy"), dump("src"));
}

TEST_F(SplitExportTest, PartitionValuesWithNullAndUnsafeBytesGetSafeNames) {
    query("CREATE TABLE src (id UInt32, tag Nullable(String)) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO src VALUES (1, '../x'), (2, NULL), (3, 'a b'), (4, '../x'), (5, '')");
    const auto dir = scratch("tags");
    fs::create_directories(dir);
    const auto result = ferry("export --table src --partition-by tag --file " + (dir / "t.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(listing(dir), (std::vector<std::string>{"t-_._x.csv", "t-a_b.csv", "t-empty.csv", "t-null.csv",
                                                      "t.manifest.json"}));
    EXPECT_EQ(read_file(dir / "t-_._x.csv"), "id,tag\n1,../x\n4,../x\n");
    EXPECT_EQ(read_file(dir / "t-null.csv"), "id,tag\n2,\n");
    EXPECT_EQ(read_file(dir / "t-empty.csv"), "id,tag\n5,\"\"\n");
    const auto text = read_file(dir / "t.manifest.json");
    EXPECT_NE(text.find("\"partition\":null"), std::string::npos) << text;
    EXPECT_NE(text.find("\"partition\":\"../x\""), std::string::npos) << text;
}

TEST_F(SplitExportTest, ParallelExportOfAMergeTreeTableReadsDisjointPartsExactly) {
    make_source("src", 40'000, 4); // several parts per partition
    const auto dir = scratch("parallel");
    fs::create_directories(dir);
    const auto result = ferry("export --json --table src --split-rows 6000 --parallel 3 --file " +
                              (dir / "out.csv.zst").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 40000"), std::string::npos) << result.out;
    const auto listed = manifest(dir / "out.manifest.json");
    query("CREATE TABLE copy AS src");
    import_each(dir, listed, "copy");
    EXPECT_EQ(dump("copy"), dump("src"));
}

TEST_F(SplitExportTest, RefusesPartitionExpressionsThatAreNotOneExpression) {
    make_source("src", 10);
    const auto result = ferry("export --table src --partition-by 'id) FROM src UNION ALL SELECT (1' --file " +
                              scratch("x.csv").string());
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("does not close an open bracket"), std::string::npos) << result.err;
    EXPECT_EQ(listing(scratch_dir_), std::vector<std::string>{});
}

TEST_F(SplitExportTest, FailureAfterSomeFilesLeavesNoFileOfTheSeriesAndKeepsTheOldOne) {
    query("CREATE VIEW boom AS SELECT number, throwIf(number = 150000) AS b FROM system.numbers LIMIT 200000");
    const auto dir = scratch("fail");
    fs::create_directories(dir);
    write_file(dir / "out-00001.csv", "precious\n");
    const auto result = ferry("export --table boom --split-rows 10000 --file " + (dir / "out.csv").string());
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("throwIf"), std::string::npos) << result.err;
    EXPECT_EQ(listing(dir), std::vector<std::string>{"out-00001.csv"});
    EXPECT_EQ(read_file(dir / "out-00001.csv"), "precious\n");
}

TEST_F(SplitExportTest, CancelDuringASplitExportLeavesNothingBehind) {
    // About 100k rows/s from the server: files of 20,000 rows are sealed while the export runs.
    query("CREATE VIEW slow AS SELECT number, sleepEachRow(0.00001) AS pause FROM system.numbers LIMIT 2000000");
    const auto dir = scratch("cancel");
    fs::create_directories(dir);
    // --foreground: otherwise timeout sends SIGINT to Ferry and then to its whole process group, and the
    // second one (Ferry's "press Ctrl-C again to quit now") kills it mid-cleanup when it lands late.
    const auto result = run_command("timeout --foreground --preserve-status -s INT 2.5 " + std::string(FERRY_BINARY) +
                                    " --host 127.0.0.1 --port " + std::to_string(ClickHouseServer::http_port()) +
                                    " --database " + database_ + " export --table slow --split-rows 20000 --file " +
                                    (dir / "out.csv.gz").string());
    EXPECT_EQ(result.exit_code, 130) << result.err;
    EXPECT_NE(result.err.find("cancelled"), std::string::npos) << result.err;
    EXPECT_EQ(listing(dir), std::vector<std::string>{});
}

} // namespace
} // namespace ferry::test
