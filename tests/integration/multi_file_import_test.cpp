/// Many files imported as one job against a real server: globs, directories, repeated --file, mixed
/// codecs; all or nothing across the files; errors and rejects naming the file and line; headers checked
/// before anything loads; a cancel leaving the table as it was.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "io/write_stream.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

class MultiFileImportTest : public ClickHouseTest {
protected:
    void SetUp() override {
        ClickHouseTest::SetUp();
        query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
    }

    /// The value of column s for row `id`: every fifth needs quoting (comma, quotes, a newline).
    static std::string value(std::uint64_t id) {
        return id % 5 == 0 ? fmt::format("a,\"b\"\nc{}", id) : fmt::format("r{}", id);
    }
    /// Writes rows [first, first + rows) as CSV with header "id,s"; .gz/.zst compressed by extension.
    static void write_csv(const fs::path& path, std::uint64_t first, std::uint64_t rows) {
        io::AtomicFile file(path);
        std::string text = "id,s\n";
        for (std::uint64_t id = first; id < first + rows; ++id) {
            const auto s = value(id);
            std::string quoted = "\"";
            for (const char c : s) {
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            text += fmt::format("{},{}\n", id, s.find_first_of(",\"\n") == std::string::npos ? s : quoted + "\"");
        }
        file.stream().write(text);
        file.commit();
    }
    /// What `SELECT * FROM t ORDER BY id FORMAT TabSeparated` must give for rows [first, first + rows).
    static std::string expected_dump(std::uint64_t first, std::uint64_t rows) {
        std::string dump;
        for (std::uint64_t id = first; id < first + rows; ++id) {
            auto s = value(id);
            std::string escaped;
            for (const char c : s) {
                escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
            }
            dump += fmt::format("{}\t{}\n", id, escaped);
        }
        return dump;
    }
    std::string dump() { return query("SELECT * FROM t ORDER BY id FORMAT TabSeparated"); }
    int staging_tables() {
        return std::stoi(query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND "
                               "startsWith(name, '_ferry_staging_') FORMAT TabSeparated"));
    }
    fs::path make_dir(const std::string& name) {
        const auto dir = scratch(name);
        fs::create_directories(dir);
        return dir;
    }
};

TEST_F(MultiFileImportTest, AGlobOfFortyGzipFilesLoadsEveryRowOnceAsOneJob) {
    const auto dir = make_dir("logs");
    for (int i = 0; i < 40; ++i) {
        write_csv(dir / fmt::format("part-{:02}.csv.gz", i), i * 500, 500);
    }
    write_csv(dir / "other.tsv", 1'000'000, 5); // not matched by the glob
    const auto result = ferry("import --json --table t --file " + shell_quote((dir / "*.csv.gz").string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 20000"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"atomic\": true"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"files_done\": 40, \"files_total\": 40"), std::string::npos) << result.out;
    EXPECT_EQ(dump(), expected_dump(0, 20'000));
}

TEST_F(MultiFileImportTest, ADirectoryLoadsItsDataFilesOnly) {
    const auto dir = make_dir("drop");
    write_csv(dir / "b.csv", 100, 50);
    write_csv(dir / "a.csv", 0, 100);
    write_csv(dir / "c.txt", 150, 10);
    write_file(dir / "README.md", "not data\n");
    write_file(dir / ".a.csv.ferry-tmp-0123", "id,s\n999,tmp\n");
    fs::create_directories(dir / "sub");
    write_csv(dir / "sub" / "d.csv", 5000, 10); // subdirectories are not read
    const auto result = ferry("import --table t --file " + dir.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Imported 3 files into t: 160 records"), std::string::npos) << result.out;
    EXPECT_EQ(dump(), expected_dump(0, 160));
}

TEST_F(MultiFileImportTest, CreateTypesColumnsFromEveryFileNotJustTheFirst) {
    const auto dir = make_dir("prices");
    // The first file's sample says amount is an integer and code a number; later files have decimals, a
    // code with letters, and an empty (NULL) amount.
    write_file(dir / "a.csv", "id,amount,code\n1,10,7\n2,20,8\n");
    write_file(dir / "b.csv", "id,amount,code\n3,2.5,9\n4,-0.125,10\n");
    write_file(dir / "c.csv", "id,amount,code\n5,,X1\n6,1e3,11\n");
    const auto result = ferry("import --json --table created --create --order-by id --file " + (dir / "a.csv").string() +
                              " --file " + (dir / "b.csv").string() + " --file " + (dir / "c.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'created' "
                    "FORMAT TabSeparated"),
              "id\tInt64\namount\tNullable(Float64)\ncode\tString\n");
    EXPECT_EQ(query("SELECT id, amount, code FROM created ORDER BY id FORMAT TabSeparated"),
              "1\t10\t7\n2\t20\t8\n3\t2.5\t9\n4\t-0.125\t10\n5\t\\N\tX1\n6\t1000\t11\n");
    // Every value exactly as in the files: sums of the text read back.
    EXPECT_EQ(query("SELECT count(), sum(amount), sum(toFloat64(code = 'X1')) FROM created FORMAT TabSeparated"),
              "6\t1032.375\t1\n");
}

TEST_F(MultiFileImportTest, RepeatedFileFlagsMixGzipZstdAndPlain) {
    const auto dir = make_dir("mixed");
    write_csv(dir / "one.csv.gz", 0, 300);
    write_csv(dir / "two.csv.zst", 300, 300);
    write_csv(dir / "three.csv", 600, 300);
    const auto result = ferry("import --table t --file " + (dir / "one.csv.gz").string() + " --file " +
                              (dir / "two.csv.zst").string() + " --file " + (dir / "three.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(dump(), expected_dump(0, 900));
}

TEST_F(MultiFileImportTest, OneBadFileAmongManyLoadsNothingAndTheErrorNamesFileAndLine) {
    query("INSERT INTO t VALUES (7777777, 'before')");
    const auto dir = make_dir("bad");
    for (int i = 0; i < 10; ++i) {
        write_csv(dir / fmt::format("f{:02}.csv", i), i * 100, 100);
    }
    // Line 4 of f07.csv (after a quoted value with a newline on lines 2-3) holds a non-number id.
    write_file(dir / "f07.csv", "id,s\n700,\"x\ny\"\nnot-a-number,bad\n702,ok\n");
    auto result = ferry("import --table t --file " + shell_quote((dir / "*.csv").string()));
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find((dir / "f07.csv").string() + " line 4"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("not-a-number"), std::string::npos) << result.err;
    EXPECT_EQ(dump(), "7777777\tbefore\n");
    EXPECT_EQ(staging_tables(), 0);

    // With skip: the other rows load, the rejects file names the file and line.
    const auto rejects = scratch("rejects.csv");
    result = ferry("import --table t --on-error skip --rejects " + rejects.string() + " --file " +
                   shell_quote((dir / "*.csv").string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(read_file(rejects), "file,line,reason,record\n" + (dir / "f07.csv").string() + ",1,header,\"id,s\"\n" +
                                      (dir / "f07.csv").string() +
                                      ",4,column id: 'not-a-number' is not a valid UInt64,\"not-a-number,bad\"\n")
        << read_file(rejects);
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), std::to_string(1 + 9 * 100 + 2) + "\n");
}

TEST_F(MultiFileImportTest, DifferingHeadersAreRefusedBeforeAnythingLoadsUnlessColumnsAgree) {
    const auto dir = make_dir("headers");
    write_csv(dir / "a.csv", 0, 10);
    // The same columns in another order.
    std::string swapped = "s,id\n";
    for (int id = 10; id < 20; ++id) {
        swapped += (id % 5 == 0 ? fmt::format("\"a,\"\"b\"\"\nc{}\"", id) : fmt::format("r{}", id)) +
                   "," + std::to_string(id) + "\n";
    }
    write_file(dir / "b.csv", swapped);
    write_file(dir / "c.csv", "id,extra,s\n20,x,r20\n");
    auto result = ferry("import --table t --file " + dir.string());
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("the files' columns differ, so nothing was loaded: " + (dir / "a.csv").string() +
                              " has (id, s) but " + (dir / "b.csv").string() + " has (s, id); " +
                              (dir / "c.csv").string() + " has (id, extra, s)"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), "0\n");
    EXPECT_EQ(staging_tables(), 0);

    // --columns naming columns every file has: each file's columns are taken by name.
    result = ferry("import --table t --columns id,s --file " + dir.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(dump(), expected_dump(0, 20) + "20\tr20\n");
}

TEST_F(MultiFileImportTest, CancelDuringAMultiFileImportLeavesTheTableAsItWas) {
    query("CREATE TABLE slow (id UInt64, s String, pause UInt8 MATERIALIZED sleepEachRow(0.0000025)) "
          "ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO slow (id, s) VALUES (42, 'before')");
    const auto dir = make_dir("big");
    for (int i = 0; i < 3; ++i) {
        write_csv(dir / fmt::format("big-{}.csv.gz", i), i * 1'000'000, 1'000'000);
    }
    // --foreground: otherwise timeout sends SIGINT to Ferry and then to its whole process group, and the
    // second one (Ferry's "press Ctrl-C again to quit now") kills it mid-cleanup when it lands late.
    const auto result = run_command("timeout --foreground --preserve-status -s INT 3 " + std::string(FERRY_BINARY) +
                                    " --host 127.0.0.1 --port " + std::to_string(ClickHouseServer::http_port()) +
                                    " --database " + database_ + " import --table slow --file " +
                                    shell_quote((dir / "*.csv.gz").string()));
    EXPECT_EQ(result.exit_code, 130) << result.err;
    EXPECT_NE(result.err.find("cancelled"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT id, s FROM slow FORMAT TabSeparated"), "42\tbefore\n");
    EXPECT_EQ(staging_tables(), 0);
}

} // namespace
} // namespace ferry::test
