/// Exports that read Native answers (pipeline/export_answer.h) against the real 18.16 server: for every type
/// and dialect the file is byte for byte the one the TabSeparated answer gives (FERRY_EXPORT_ANSWER=tsv
/// forces that path, =native forbids falling back to it), empty results, a server error in the middle of
/// the answer, and the probe: what it lets Ferry format on 18.16, and that a server writing other text
/// sends those types through toString instead.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text_probe.h"
#include "clickhouse/prefetched_queries.h"
#include "common/error.h"
#include "support/clickhouse_fixture.h"
#include "support/export_answers.h"

namespace ferry::test {
namespace {

class NativeExportTest : public ClickHouseTest {
protected:
    ExportAnswers answers() const { return {server_port(), database_, scratch_dir_}; }
    CommandResult ferry_answer(const std::string& answer, const std::string& args) {
        return answers().run(answer, args);
    }
    std::string export_both_ways(const std::string& table, const std::string& flags, const std::string& ext) {
        return answers().both_ways(table, flags, ext);
    }

    /// The plan of `SELECT * FROM table` on this server, as an export makes it.
    clickhouse::NativeSelect plan_of(const std::string& table, clickhouse::NativeTextProbe::Runner runner = {}) {
        clickhouse::HttpClient client(connection());
        if (!runner) {
            runner = [&](const std::string& sql) { return client.query(sql); };
        }
        const std::string select = "SELECT * FROM `" + table + "`";
        std::vector<std::string> names;
        std::vector<std::string> types;
        clickhouse::parse_describe(client.query(clickhouse::describe_select_sql(select)), names, types);
        clickhouse::NativeTextProbe probe(runner);
        auto plan = clickhouse::plan_native_select(select, names, types, probe.support_for(types));
        EXPECT_TRUE(plan.has_value());
        return plan.value_or(clickhouse::NativeSelect{});
    }
};

/// Every type a table on 18.16 can have, with the values whose text is hardest to get right.
constexpr const char* kTypesTable =
    "CREATE TABLE typed (id UInt64, i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, "
    "s String, fs FixedString(3), f64 Float64, f32 Float32, d32 Decimal(9, 2), d64 Decimal(18, 4), "
    "d128 Decimal(38, 10), day Date, ts DateTime, berlin DateTime('Europe/Berlin'), "
    "new_york DateTime('America/New_York'), moscow DateTime('Europe/Moscow'), u UUID, "
    "e8 Enum8('a' = 1, 'b\\'q' = -2, '' = 3, 'x,y' = 4), e16 Enum16('big' = 1000, 'neg' = -1000), "
    "n_s Nullable(String), n_f Nullable(Float64), n_ts Nullable(DateTime), n_d Nullable(Decimal(9, 3)), "
    "n_day Nullable(Date), lc LowCardinality(String), lc_n LowCardinality(Nullable(String)), arr Array(String), "
    "arr_f Array(Nullable(Float64)), tup Tuple(UInt8, String), nested Array(Array(Int32))) "
    "ENGINE = MergeTree ORDER BY id";

constexpr const char* kTypesRows =
    "INSERT INTO typed SELECT number, toInt8(number % 256 - 128), toInt16(number * 7 % 65536 - 32768), "
    "toInt32(number * 1000003 % 4294967296 - 2147483648), toInt64(number * 1000000007 - 9223372036854775807), "
    "toUInt8(number % 256), toUInt16(number * 7 % 65536), toUInt32(number * 1000003 % 4294967296), "
    "concat(['', 'a,b', 'q\"uote', 'tab\tnl\nx', 'back\\\\slash', 'Müller', ' lead', 'trail ', 'cr\rx', "
    "'nul\\0byte', '\\\\N', 'NULL'][number % 12 + 1], if(number % 5 = 0, '', toString(number))), "
    "toFixedString(['', 'ab', 'xyz', 'a\\0', '\\0\\0\\0'][number % 5 + 1], 3), "
    "[nan, inf, -inf, -0., 1e-7, 1e-6, 123456789.125, 1e21, 1e20, 0.1, 1/3, 1e-300 * 1e-20, 9007199254740993.,  "
    "1.7976931348623157e308][number % 14 + 1] * [1, -1, 3, 1e-300, 1e300][number % 5 + 1] / (number % 7 + 1), "
    "toFloat32(number / 7 * exp10(number % 60 - 30)), toDecimal32(number % 20000 / 100 - 100, 2), "
    "toDecimal64(number / 3 - 5000, 4), toDecimal128(number * 1000003 / 7 - 1e8, 10), "
    "toDate(toUInt16([0, 1, 17000, 49709, 49710, 49711, 65535, number % 65536][number % 8 + 1])), "
    "toDateTime([0, 1, 1679792400, 1698541200, 4294771199, 4294771200, 4294944000, 4294967295, "
    "number * 100003][number % 9 + 1]), "
    "toDateTime([1679792399, 1679792400, 1698541199, 1698541200, 1698544800, 0, 4294967295, "
    "number * 100003][number % 8 + 1], 'Europe/Berlin'), "
    "toDateTime([1678604400, 1699164000, 4294880000, 4294944000, 4294962000, number * 100003][number % 6 + 1], "
    "'America/New_York'), toDateTime(number * 100003, 'Europe/Moscow'), "
    "[toUUID('00000000-0000-0000-0000-000000000000'), toUUID('ffffffff-ffff-ffff-ffff-ffffffffffff'), "
    "toUUID('6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d'), generateUUIDv4()][number % 4 + 1], "
    "CAST(['a', 'b\\'q', '', 'x,y'][number % 4 + 1] AS Enum8('a' = 1, 'b\\'q' = -2, '' = 3, 'x,y' = 4)), "
    "CAST(['big', 'neg'][number % 2 + 1] AS Enum16('big' = 1000, 'neg' = -1000)), "
    "if(number % 3 = 0, NULL, ['', 'x', '\\\\N'][number % 3 + 1]), if(number % 4 = 0, NULL, number / 3), "
    "if(number % 2 = 0, NULL, toDateTime(number * 99991)), if(number % 5 = 0, NULL, toDecimal32(number / 8, 3)), "
    "if(number % 6 = 0, NULL, toDate(toUInt16(number % 60000))), toString(number % 5), "
    "if(number % 4 = 0, NULL, ['', 'k', 'l\tm'][number % 3 + 1]), "
    "arrayMap(i -> concat('it\\'s\\t', toString(i)), range(number % 3)), "
    "[if(number % 2 = 0, NULL, number / 7), nan, -0.], (toUInt8(number % 200), 'tu\tple'), "
    "[range(number % 3), []] FROM system.numbers LIMIT 3000";

TEST_F(NativeExportTest, EveryTypeAndDialectGivesTheSameBytesAsTheTextAnswer) {
    run_command("curl -sS 'http://127.0.0.1:" + std::to_string(ClickHouseServer::http_port()) + "/?database=" +
                database_ + "&allow_experimental_low_cardinality_type=1' --data-binary " +
                shell_quote(kTypesTable));
    query(kTypesRows);
    ASSERT_EQ(query("SELECT count() FROM typed"), "3000\n");

    const std::string csv = export_both_ways("typed", "", "csv");
    EXPECT_GT(csv.size(), 500'000u);
    EXPECT_NE(csv.find("0000-00-00 00:00:00"), std::string::npos); // 18.16's text for DateTime 0
    export_both_ways("typed", "", "tsv");
    export_both_ways("typed", "--delimiter ';' --no-header", "txt");
    export_both_ways("typed", "--compression lz4", "csv");
    export_both_ways("typed", "--columns id,s,n_s,lc_n --delimiter pipe", "txt");

    // What 18.16 lets Ferry write itself: everything but Moscow (its 1980s changes at midnight are not
    // reproduced: time_zone.h) and the composites; every Date/DateTime asks for the end of its range.
    const auto plan = plan_of("typed");
    const std::vector<std::string> by_server = {"moscow", "arr", "arr_f", "tup", "nested"};
    std::vector<std::string> got;
    clickhouse::HttpClient client(connection());
    std::vector<std::string> names;
    std::vector<std::string> types;
    clickhouse::parse_describe(client.query(clickhouse::describe_select_sql("SELECT * FROM typed")), names, types);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (plan.by_server.at(i)) {
            got.push_back(names[i]);
        }
    }
    EXPECT_EQ(got, by_server);
}

TEST_F(NativeExportTest, LargeExportMatchesAcrossManyBlocksAndCodecs) {
    query("CREATE TABLE big (id UInt64, name String, amount Float64, qty Int32, day Date, ts DateTime, "
          "maybe_empty Nullable(String), flag UInt8) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO big SELECT number, concat('name ', toString(number), if(number % 7 = 0, '\t\"x\"', '')), "
          "number / 13, toInt32(number % 1000) - 500, toDate('2020-01-01') + number % 1000, "
          "toDateTime('2020-01-01 00:00:00') + number * 17, if(number % 3 = 0, NULL, if(number % 3 = 1, '', 'y')), "
          "number % 2 FROM system.numbers LIMIT 200000");
    const std::string csv = export_both_ways("big", "", "csv");
    EXPECT_GT(csv.size(), 10'000'000u);
    expect_same_bytes(export_both_ways("big", "--compression lz4", "csv"), csv, "lz4");
    expect_same_bytes(export_both_ways("big", "--compression gzip", "csv"), csv, "gzip");
    // Everything here is Ferry's to format on 18.16: the query as it is (the end of the Date range is asked for
    // when met).
    const auto plan = plan_of("big");
    for (const bool server : plan.by_server) {
        EXPECT_FALSE(server);
    }
    EXPECT_EQ(plan.edge_type.at(4), "Date");
    EXPECT_EQ(plan.sql, "SELECT * FROM `big` FORMAT Native");
}

TEST_F(NativeExportTest, ValuesAtTheEndOfTheRangeGetTheServersTextInEveryBlockAndSplitPart) {
    // 18.16 writes 2106's last days from the end of its lookup table. Ferry asks for those values' text as
    // it meets them (one small query per block for the values not seen yet): every 997th row of 60,000 (4
    // blocks) is at the edge, in a Date, a Nullable DateTime in the server's zone and one in New York.
    run_command("curl -sS 'http://127.0.0.1:" + std::to_string(ClickHouseServer::http_port()) + "/?database=" +
                database_ + "&allow_experimental_low_cardinality_type=1' --data-binary " +
                shell_quote("CREATE TABLE far (id UInt64, day Date, ts Nullable(DateTime), "
                            "ny DateTime('America/New_York'), lc LowCardinality(Date)) ENGINE = MergeTree ORDER BY id"));
    query("INSERT INTO far SELECT number, toDate(toUInt16(if(number % 997 = 5, 49700 + number % 15836, "
          "number % 49700))), if(number % 11 = 0, NULL, toDateTime(if(number % 997 = 5, "
          "toUInt32(4294771200 + number * 3), toUInt32(number * 70000)))), toDateTime(if(number % 997 = 7, "
          "toUInt32(4294967295 - number), toUInt32(1698541200 + number)), 'America/New_York'), "
          "toDate(toUInt16(if(number % 997 = 9, 65535, 17000))) FROM system.numbers LIMIT 60000");
    const auto plan = plan_of("far");
    EXPECT_EQ(plan.edge_type, (std::vector<std::string>{"", "Date", "DateTime", "DateTime('America/New_York')",
                                                        "Date"}));
    EXPECT_EQ(plan.sql.find("toString"), std::string::npos) << plan.sql; // nothing added to every row
    const std::string csv = export_both_ways("far", "", "csv");
    EXPECT_NE(csv.find(",1970-01-01,"), std::string::npos); // 18.16's text for 2106-02-08 on
    export_both_ways("far", "--compression lz4 --delimiter ';'", "txt");
    // A split export asks from each of its parallel streams.
    const auto text_dir = scratch("far_text");
    const auto native_dir = scratch("far_native");
    std::filesystem::create_directories(text_dir);
    std::filesystem::create_directories(native_dir);
    for (const auto& [answer, dir] : {std::pair{"tsv", text_dir}, std::pair{"native", native_dir}}) {
        const auto result = ferry_answer(answer, "export --table far --split-rows 20000 --parallel 2 --file " +
                                                     (dir / "far.csv").string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(text_dir)) {
        if (entry.path().extension() == ".csv") {
            ++files;
            expect_same_bytes(read_file(native_dir / entry.path().filename()), read_file(entry.path()),
                              entry.path().filename().string());
        }
    }
    EXPECT_EQ(files, 3u);
}

TEST_F(NativeExportTest, TheProbeAsksNothingBeyondTheQueriesItListsForPrefetching) {
    const std::vector<std::vector<std::string>> cases = {
        {"UInt64", "String"},
        {"Float64", "Nullable(Float32)"},
        {"Decimal(9, 2)"},
        {"Date"},
        {"Nullable(DateTime)"},
        {"DateTime('America/New_York')", "LowCardinality(Date)"},
        {"DateTime('Europe/Moscow')", "Date32", "DateTime64(3)"},
        {"UInt8", "Float64", "Decimal(18, 4)", "Date", "DateTime", "DateTime('Asia/Kolkata')"},
    };
    clickhouse::HttpClient client(connection());
    for (const auto& types : cases) {
        SCOPED_TRACE(types.front());
        std::vector<std::string> asked;
        clickhouse::NativeTextProbe probe([&](const std::string& sql) {
            asked.push_back(sql);
            return client.query(sql);
        });
        probe.support_for(types);
        const auto listed = clickhouse::NativeTextProbe::queries_for(types);
        for (const auto& sql : asked) {
            EXPECT_NE(std::find(listed.begin(), listed.end(), sql), listed.end()) << "not listed: " << sql;
        }
        EXPECT_EQ(asked.empty(), listed.empty());
    }
}

TEST_F(NativeExportTest, PrefetchedQueriesGiveEachAnswerOrErrorToWhoeverAsks) {
    clickhouse::HttpClient client(connection());
    clickhouse::PrefetchedQueries queries(client, nullptr);
    std::vector<std::string> sqls;
    for (int i = 0; i < 9; ++i) {
        sqls.push_back("SELECT " + std::to_string(i) + " * 7 FORMAT TabSeparated");
    }
    sqls.push_back("SELECT no_such_column FROM system.one FORMAT TabSeparated");
    queries.prefetch(sqls);
    const std::uint64_t before = client.wire_bytes();
    for (int i = 8; i >= 0; --i) { // in another order than asked
        EXPECT_EQ(queries.run(sqls[static_cast<std::size_t>(i)]), std::to_string(i * 7) + "\n");
    }
    try {
        queries.run(sqls.back());
        ADD_FAILURE() << "expected the server's error";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Query);
        EXPECT_NE(std::string(error.what()).find("no_such_column"), std::string::npos) << error.what();
    }
    EXPECT_EQ(client.wire_bytes(), before); // all answered by the lanes
    EXPECT_EQ(queries.run("SELECT 'late' FORMAT TabSeparated"), "late\n");
    EXPECT_GT(client.wire_bytes(), before); // not prefetched: asked on the client
}

TEST_F(NativeExportTest, EmptyResultIsTheHeaderAlone) {
    query("CREATE TABLE empty (id UInt64, s String, f Float64, t DateTime) ENGINE = MergeTree ORDER BY id");
    EXPECT_EQ(export_both_ways("empty", "", "csv"), "id,s,f,t\n");
    EXPECT_EQ(export_both_ways("empty", "--no-header", "csv"), "");
}

TEST_F(NativeExportTest, AServerErrorInTheMiddleOfTheNativeAnswerIsReportedAndNoFileIsLeft) {
    query("CREATE VIEW failing AS SELECT number, toString(number) AS s, number / 3 AS f, "
          "throwIf(number = 150000) AS boom FROM system.numbers LIMIT 200000");
    for (const std::string codec : {"none", "lz4"}) {
        SCOPED_TRACE(codec);
        const auto out = scratch("failing_" + codec + ".csv");
        const auto result = ferry_answer("native", "export --compression " + codec + " --table failing --file " +
                                                       out.string());
        EXPECT_NE(result.exit_code, 0);
        EXPECT_NE(result.err.find("throwIf"), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("ClickHouse error 395"), std::string::npos) << result.err;
        EXPECT_FALSE(std::filesystem::exists(out));
    }
}

TEST_F(NativeExportTest, TheProbeAgreesOn1816AndSendsDisagreeingTypesThroughToString) {
    clickhouse::HttpClient client(connection());
    clickhouse::NativeTextProbe probe([&](const std::string& sql) { return client.query(sql); });
    EXPECT_TRUE(probe.floats());
    EXPECT_EQ(probe.decimal_trailing_zeros(), std::optional<bool>(true));
    EXPECT_TRUE(probe.zero_as_zeros());
    EXPECT_NE(probe.zone(""), nullptr);
    EXPECT_NE(probe.zone("Europe/Berlin"), nullptr);
    EXPECT_EQ(probe.zone("Europe/Moscow"), nullptr);
    // 18.16 writes the last days of 2106 from the end of its lookup table: Ferry asks for their text.
    EXPECT_FALSE(probe.edges_exact(""));
    EXPECT_FALSE(probe.edges_exact("America/New_York"));

    // A server that writes floats, decimals and times another way (as newer versions do): its answers
    // are 18.16's with that text changed.
    query("CREATE TABLE t (f Float64, g Float32, d Decimal(9, 2), ts DateTime, s String) ENGINE = Memory");
    const auto other_text = [&](const std::string& sql) {
        std::string answer = client.query(sql);
        if (sql.ends_with("FORMAT TabSeparated")) {
            for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                     {"1e21", "1e+21"}, {"1.50", "1.5"}, {"2106-", "2106 "}}) {
                for (auto at = answer.find(from); at != std::string::npos; at = answer.find(from, at + to.size())) {
                    answer.replace(at, from.size(), to);
                }
            }
        }
        return answer;
    };
    const auto plan = plan_of("t", other_text);
    EXPECT_EQ(plan.by_server, (std::vector<bool>{true, true, true, true, false}));
    EXPECT_NE(plan.sql.find("toString(`f`) AS `f`"), std::string::npos) << plan.sql;
    EXPECT_EQ(plan_of("t").by_server, (std::vector<bool>{false, false, false, false, false}));
}

} // namespace
} // namespace ferry::test
