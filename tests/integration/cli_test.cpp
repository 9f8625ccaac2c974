/// The `ferry` command against a real ClickHouse server: every subcommand, round trips checked by row
/// counts and checksums read back from the server, all-or-nothing imports and atomic exports.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

class CliTest : public ClickHouseTest {
protected:
    /// Every value of the table in a canonical text form (ordered by the first column), so two tables
    /// compare equal only if every value is identical, floats to the last bit included.
    std::string dump(const std::string& table) {
        return query("SELECT * FROM `" + table + "` ORDER BY id FORMAT TabSeparated");
    }

    static void expect_same_dump(const std::string& actual, const std::string& expected) {
        ASSERT_FALSE(expected.empty());
        if (actual == expected) {
            return;
        }
        std::size_t at = 0;
        while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) {
            ++at;
        }
        const auto line_start =
            expected.rfind('\n', at) == std::string::npos ? 0 : expected.rfind('\n', at) + 1;
        ADD_FAILURE() << "tables differ; expected row: "
                      << expected.substr(line_start, expected.find('\n', at) - line_start)
                      << "\nactual row: " << actual.substr(line_start, actual.find('\n', at) - line_start);
    }

    void make_typed_table(const std::string& name) {
        query("CREATE TABLE `" + name +
              "` (id UInt64, i8 Int8, u32 UInt32, f Float64, f32 Float32, d Decimal(18, 4), s String, "
              "fs FixedString(4), n Nullable(String), ni Nullable(Int32), dt Date, ts DateTime, "
              "e Enum8('red' = 1, 'green' = 2, 'it''s' = 3), u UUID, a Array(String), ai Array(Int32)) "
              "ENGINE = MergeTree ORDER BY id");
    }

    void fill_typed_table(const std::string& name, int rows) {
        query("INSERT INTO `" + name +
              "` SELECT number, toInt8(number % 256 - 128), toUInt32(number * 7919), "
              "(number * 1.1) / 3 - 17.5, toFloat32(number / 7), toDecimal64(number / 9, 4), "
              "concat('s', toString(number), if(number % 5 = 0, ',\"quoted\"', ''), if(number % 11 = 0, "
              "'\\nline\\ttab', '')), toFixedString(substring(toString(number), 1, 4), 4), "
              "if(number % 3 = 0, NULL, if(number % 3 = 1, '', concat('n', toString(number)))), "
              "if(number % 4 = 0, NULL, toInt32(number) - 1000), toDate('2020-01-01') + number % 900, "
              "toDateTime('2021-06-01 12:00:00') + number * 61, "
              "arrayElement(['red', 'green', 'it''s'], number % 3 + 1), "
              "toUUID('6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d'), [toString(number), 'x,y', 'q\\'t'], "
              "[toInt32(number), -1] FROM system.numbers LIMIT " +
              std::to_string(rows));
    }
};

TEST_F(CliTest, TablesListsNameEngineAndRows) {
    query("CREATE TABLE people (id UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO people SELECT number FROM system.numbers LIMIT 42");
    const auto result = ferry("tables");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("people"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("MergeTree"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("42"), std::string::npos) << result.out;
}

TEST_F(CliTest, ColumnsOfTableAndInferredColumnsOfFile) {
    make_typed_table("typed");
    auto result = ferry("columns --table typed");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Decimal(18, 4)"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Nullable(String)"), std::string::npos) << result.out;

    write_file(scratch("people.csv"), "id,name,score,born,seen\n1,Ada,1.5,2020-01-02,2020-01-02 03:04:05\n"
                                      "2,,2,2021-12-31,2021-12-31 23:59:59\n");
    result = ferry("columns --json --file " + scratch("people.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out,
              "{\"columns\":[\"name\",\"type\"],\"rows\":[[\"id\",\"Int64\"],[\"name\",\"Nullable("
              "String)\"],[\"score\",\"Float64\"],[\"born\",\"Date\"],[\"seen\",\"DateTime\"]],"
              "\"dialect\":{\"delimiter\":\",\",\"quote\":\"\\\"\",\"header\":true,\"skip_lines\":0,"
              "\"encoding\":\"utf-8\",\"decimal_comma\":false,\"escape\":null,\"comment\":null,\"confidence\":1E0}}\n");
}

TEST_F(CliTest, PreviewOfTableJoinAndFile) {
    query("CREATE TABLE a (k UInt32, x String) ENGINE = MergeTree ORDER BY k");
    query("CREATE TABLE b (k UInt32, y String) ENGINE = MergeTree ORDER BY k");
    query("INSERT INTO a VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    query("INSERT INTO b VALUES (1, 'uno'), (3, 'tres')");
    auto result = ferry("preview --json --table a --join 'INNER JOIN b ON a.k = b.k' --columns a.k,a.x,b.y");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("[\"1\",\"one\",\"uno\"]"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("[\"3\",\"three\",\"tres\"]"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("two"), std::string::npos) << result.out;

    std::string csv = "n,sq\n";
    for (int i = 0; i < 500; ++i) {
        csv += std::to_string(i) + "," + std::to_string(i * i) + "\n";
    }
    write_file(scratch("squares.csv"), csv);
    result = ferry("preview --file " + scratch("squares.csv").string() + " --columns sq --limit 3");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "sq\n--\n0\n1\n4\n");
}

TEST_F(CliTest, PreviewEscapesControlBytesAndKeepsJsonValid) {
    write_file(scratch("hostile.csv"), "a\n\"\x1b[31mred\r\"\nbad\xff\n");
    auto result = ferry("preview --file " + scratch("hostile.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\\x1b[31mred\\r"), std::string::npos) << result.out;
    result = ferry("preview --json --file " + scratch("hostile.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // 0xFF and no UTF-8 character anywhere: the sniffer reads the file as Windows-1252 (issue 11), so the
    // byte is y-diaeresis; either way the JSON stays valid UTF-8.
    EXPECT_NE(result.out.find("\"bad\xC3\xBF\""), std::string::npos) << result.out;
}

TEST_F(CliTest, HostileTableColumnAndJoinNamesNeverRunExtraSql) {
    query("CREATE TABLE victim (x Int64) ENGINE = Memory");
    query("INSERT INTO victim VALUES (42)");
    const std::string table = "t`; DROP TABLE victim; --";
    const std::string column = "c' OR 1=1 /* `x` */";
    write_file(scratch("evil.csv"), "\"" + column + "\",k\nvalue,1\n");
    auto result =
        ferry("import --create --table " + shell_quote(table) + " --file " + scratch("evil.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT count() FROM `t\\`; DROP TABLE victim; --` FORMAT TabSeparated"), "1\n");
    EXPECT_EQ(
        query("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 't`; DROP "
              "TABLE victim; --' ORDER BY name FORMAT TabSeparated"),
        "c\\' OR 1=1 /* `x` */\nk\n"); // TabSeparated escapes the quote

    // A join whose names carry SQL: quoted and rebuilt, or refused, never spliced.
    result = ferry("export --table victim --join " +
                   shell_quote("INNER JOIN `" + std::string("t\\`; DROP TABLE victim; --") +
                               "` ON victim.x = `t\\`; DROP TABLE victim; --`.k") +
                   " --file " + scratch("out.csv").string());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    result = ferry("export --table victim --join " +
                   shell_quote("INNER JOIN t2 ON victim.x = t2.k; DROP TABLE victim") + " --file " +
                   scratch("out2.csv").string());
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("cannot parse join"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT x FROM victim FORMAT TabSeparated"), "42\n");
}

TEST_F(CliTest, ImportCreatesTableAndLoadsEveryRow) {
    write_file(scratch("people.csv"),
               "id,name,city\n1,Ada,London\n2,\"Hopper, Grace\",\"New\nYork\"\n3,,\"\"\n");
    const auto result =
        ferry("import --json --create --table people --file " + scratch("people.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("{\"rows\": 3, \"bytes\": "), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT id, name, isNull(name), city FROM people ORDER BY id FORMAT TabSeparated"),
              "1\tAda\t0\tLondon\n2\tHopper, Grace\t0\tNew\\nYork\n3\t\\N\t1\t\n");
}

TEST_F(CliTest, ImportSelectedColumnsByHeaderName) {
    query("CREATE TABLE t (b String, c Int32 DEFAULT 7) ENGINE = MergeTree ORDER BY tuple()");
    write_file(scratch("in.csv"), "a,b,c\n1,x,10\n2,y,20\n");
    const auto result = ferry("import --table t --columns b --file " + scratch("in.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("2 records"), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT b, c FROM t ORDER BY b FORMAT TabSeparated"), "x\t7\ny\t7\n");
}

TEST_F(CliTest, ImportFailureLeavesTargetUnchangedAndNamesLineColumnValue) {
    query("CREATE TABLE t (id UInt32, amount Int32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t VALUES (100, 1), (101, 2)");
    std::string csv = "id,amount\n";
    for (int i = 0; i < 5000; ++i) {
        csv += std::to_string(i) + "," + (i == 4321 ? std::string("12abc") : std::to_string(i)) + "\n";
    }
    write_file(scratch("bad.csv"), csv);
    const auto result = ferry("import --table t --file " + scratch("bad.csv").string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("line 4323"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("amount"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("12abc"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT count(), sum(id) FROM t FORMAT TabSeparated"), "2\t201\n");
    EXPECT_EQ(query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE "
                    "'_ferry_staging_%' FORMAT TabSeparated"),
              "0\n");
}

TEST_F(CliTest, OnErrorSkipLoadsGoodRowsAndWritesEachRejectWithLineAndReason) {
    query("CREATE TABLE t (id UInt32, amount Int32) ENGINE = MergeTree ORDER BY id");
    write_file(scratch("dirty.csv"), "id,amount\n1,10\n2,abc\n3,30\n4,40,extra\n5,\n");
    const auto rejects = scratch("rejects.csv");
    auto result = ferry("import --json --on-error skip --rejects " + rejects.string() + " --table t --file " +
                        scratch("dirty.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 3"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"rejected\": 2"), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT id, amount FROM t ORDER BY id FORMAT TabSeparated"), "1\t10\n3\t30\n5\t0\n");
    EXPECT_NE(result.out.find("\"rejected\": 2, \"records\": 5"), std::string::npos) << result.out;
    EXPECT_EQ(read_file(rejects), "line,reason,record\n1,header,\"id,amount\"\n"
                                  "3,column amount: 'abc' is not a valid Int32,\"2,abc\"\n"
                                  "5,\"expected 2 fields, found 3\",\"4,40,extra\"\n");

    // Over the limit: nothing is loaded, and the rejects are still there to look at.
    query("TRUNCATE TABLE t");
    result = ferry("import --on-error skip --max-errors 1 --rejects " + rejects.string() +
                   " --table t --file " + scratch("dirty.csv").string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("more than 1 rows rejected"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), "0\n");
    EXPECT_NE(read_file(rejects).find("3,column amount"), std::string::npos);
}

TEST_F(CliTest, ImportIntoPartitionedAndNonMergeTreeTablesKeepsExistingRows) {
    // Partitioned MergeTree: the staging parts are attached partition by partition.
    query("CREATE TABLE p (d Date, x UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x");
    query("INSERT INTO p VALUES ('2020-01-05', 1)");
    // Log engine: no parts to attach, the rows are copied.
    query("CREATE TABLE l (d Date, x UInt32) ENGINE = Log");
    query("INSERT INTO l VALUES ('2020-01-05', 1)");
    std::string csv = "d,x\n";
    for (int i = 0; i < 1000; ++i) {
        csv += "2020-0" + std::to_string(1 + i % 3) + "-1" + std::to_string(i % 10) + "," +
               std::to_string(i) + "\n";
    }
    write_file(scratch("p.csv"), csv);
    for (const std::string table : {"p", "l"}) {
        const auto result = ferry("import --table " + table + " --file " + scratch("p.csv").string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_EQ(
            query("SELECT count(), sum(x), uniqExact(toYYYYMM(d)) FROM " + table + " FORMAT TabSeparated"),
            "1001\t499501\t3\n")
            << table;
    }
}

TEST_F(CliTest, ImportOfFifteenHundredColumnsSendsTheStatementInTheBody) {
    // The column list is longer than a URL may be; the data starts with bytes ClickHouse could take for
    // whitespace after the statement (10 is LF, 32 a space, 13 CR): every one of them must arrive.
    std::string definition;
    std::string header;
    for (int i = 1; i <= 1500; ++i) {
        definition +=
            (i > 1 ? ", " : "") + std::string("column_with_a_long_name_") + std::to_string(i) + " UInt8";
        header += (i > 1 ? "," : "") + std::string("column_with_a_long_name_") + std::to_string(i);
    }
    query("CREATE TABLE wide (" + definition + ") ENGINE = MergeTree ORDER BY tuple()");
    std::string csv = header + "\n";
    for (const int first : {10, 32, 13}) {
        csv += std::to_string(first);
        for (int i = 2; i <= 1500; ++i) {
            csv += "," + std::to_string(i % 200);
        }
        csv += "\n";
    }
    write_file(scratch("wide.csv"), csv);
    const auto result = ferry("import --table wide --file " + scratch("wide.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(
        query("SELECT count(), sum(column_with_a_long_name_1), sum(column_with_a_long_name_1500) FROM wide "
              "FORMAT TabSeparated"),
        "3\t55\t300\n");
}

TEST_F(CliTest, RaggedRowIsRejectedWithItsLineNumber) {
    query("CREATE TABLE t (a String, b String) ENGINE = MergeTree ORDER BY tuple()");
    write_file(scratch("ragged.csv"), "a,b\n1,2\n\"multi\nline\",3\n4,5,6\n");
    const auto result = ferry("import --table t --file " + scratch("ragged.csv").string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("line 5: expected 2 fields, found 3"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), "0\n");
}

TEST_F(CliTest, ImportIntoMissingTableWithoutCreateIsAClearError) {
    write_file(scratch("in.csv"), "a\n1\n");
    const auto result = ferry("import --table nope --file " + scratch("in.csv").string());
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("table 'nope' does not exist"), std::string::npos) << result.err;
}

class RoundTripTest : public CliTest,
                      public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

TEST_P(RoundTripTest, ExportThenImportKeepsEveryValue) {
    const auto& [delimiter, file_name] = GetParam();
    make_typed_table("source");
    fill_typed_table("source", 3000);
    make_typed_table("copy");
    const auto file = scratch(file_name);
    const std::string flags = delimiter.empty() ? "" : " --delimiter " + shell_quote(delimiter);
    auto result = ferry("export --json --table source --file " + file.string() + flags);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("{\"rows\": 3000,"), std::string::npos) << result.out;
    result = ferry("import --json --table copy --file " + file.string() + flags);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("{\"rows\": 3000,"), std::string::npos) << result.out;
    expect_same_dump(dump("copy"), dump("source"));
    // Every NULL stayed NULL and every empty string stayed empty.
    EXPECT_EQ(query("SELECT countIf(isNull(n)), countIf(n = '') FROM copy FORMAT TabSeparated"),
              "1000\t1000\n");
}

INSTANTIATE_TEST_SUITE_P(Delimiters, RoundTripTest,
                         ::testing::Values(std::pair<std::string, std::string>{"", "rt.csv"},
                                           std::pair<std::string, std::string>{"tab", "rt.tsv"},
                                           std::pair<std::string, std::string>{";", "rt.csv"},
                                           std::pair<std::string, std::string>{"pipe", "rt.csv.gz"},
                                           std::pair<std::string, std::string>{"", "rt.csv.zst"}));

TEST_F(CliTest, ExportOfJoinWritesHeaderAndRows) {
    query("CREATE TABLE orders (id UInt32, customer UInt32, amount Float64) ENGINE = MergeTree ORDER BY id");
    query("CREATE TABLE customers (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO orders VALUES (1, 10, 2.5), (2, 20, 3), (3, 99, 4)");
    query("INSERT INTO customers VALUES (10, 'Ada'), (20, 'Grace, \"Amazing\"')");
    const auto file = scratch("joined.csv");
    const auto result =
        ferry("export --table orders --join 'LEFT JOIN customers ON orders.customer = customers.id' "
              "--columns orders.id,customers.name,orders.amount --file " +
              file.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("3 records"), std::string::npos) << result.out;
    const auto content = read_file(file);
    EXPECT_EQ(content.substr(0, content.find('\n')), "id,name,amount");
    EXPECT_NE(content.find("1,Ada,2.5\n"), std::string::npos) << content;
    EXPECT_NE(content.find("2,\"Grace, \"\"Amazing\"\"\",3\n"), std::string::npos) << content;
}

TEST_F(CliTest, FailedExportLeavesThePreviousFileUntouched) {
    const auto file = scratch("keep.csv");
    write_file(file, "precious\n");
    // Fails on the server after the first rows have streamed.
    query("CREATE TABLE t (x UInt64) ENGINE = MergeTree ORDER BY x");
    query("INSERT INTO t SELECT number FROM system.numbers LIMIT 1000000");
    auto result = ferry("export --table nope --file " + file.string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("nope"), std::string::npos) << result.err;
    result = ferry("export --table t --columns missing_column --file " + file.string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(read_file(file), "precious\n");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(scratch_dir_)) {
        ++entries;
    }
    EXPECT_EQ(entries, 1u) << "a temporary file was left behind";
}

TEST_F(CliTest, NoHeaderFilesMapByPosition) {
    query("CREATE TABLE t (a UInt8, b String) ENGINE = MergeTree ORDER BY a");
    write_file(scratch("nh.txt"), "1|x\n2|\"y|z\"\n");
    auto result = ferry("import --no-header --delimiter pipe --table t --file " + scratch("nh.txt").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT a, b FROM t ORDER BY a FORMAT TabSeparated"), "1\tx\n2\ty|z\n");
    result = ferry("export --no-header --delimiter pipe --table t --file " + scratch("out.txt").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(read_file(scratch("out.txt")), "1|x\n2|\"y|z\"\n");
}

TEST_F(CliTest, WrongPasswordIsAnAuthErrorWithoutThePassword) {
    const auto result = run_command(std::string(FERRY_BINARY) + " --host 127.0.0.1 --port " +
                                    std::to_string(ClickHouseServer::http_port()) +
                                    " --user ferry --password hunter2-wrong tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("authentication failed for user 'ferry'"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("hunter2-wrong"), std::string::npos) << result.err;
}

TEST_F(CliTest, ClosedPortIsAConnectionErrorNamingHostAndPort) {
    const auto result = run_command(std::string(FERRY_BINARY) + " --host 127.0.0.1 --port 1 tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("127.0.0.1:1"), std::string::npos) << result.err;
}

TEST_F(CliTest, EnvironmentVariablesAreDefaultsForFlags) {
    const auto result = run_command(
        "CLICKHOUSE_HOST=127.0.0.1 CLICKHOUSE_PORT=" + std::to_string(ClickHouseServer::http_port()) +
        " CLICKHOUSE_USER=ferry CLICKHOUSE_PASSWORD=ferry-secret CLICKHOUSE_DATABASE=" + database_ + " " +
        FERRY_BINARY + " columns --table t_missing");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("t_missing"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("authentication"), std::string::npos) << result.err;
}

} // namespace
} // namespace ferry::test
