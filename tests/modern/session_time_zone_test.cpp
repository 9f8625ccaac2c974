/// A session whose time zone is not the server's: on 26.x `session_timezone` (set in a user's profile, or
/// with SET as here: one chDB connection is one session) changes what `timezone()` answers, the zone of a
/// DateTime without its own when the server writes and reads text. Ferry asks `timezone()` and so follows
/// it: the export from the Native answer writes the bytes of the TabSeparated answer, and civil times
/// encoded as Native, RowBinary and text store the unix times the engine's own CSV parse stores, in the
/// skipped and the repeated hour of New York's clock changes too.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text_probe.h"
#include "clickhouse/sql.h"
#include "clickhouse/value_text.h"
#include "common/error.h"
#include "formats/csv_writer.h"
#include "io/memory_stream.h"
#include "modern/modern_test.h"
#include "pipeline/export_job.h"
#include "pipeline/native_result_stream.h"
#include "pipeline/result_stream.h"
#include "support/civil_time.h"

namespace ferry::modern {
namespace {

using clickhouse::quote_string;

class SessionTimeZoneTest : public ModernTest {
protected:
    void SetUp() override {
        ModernTest::SetUp();
        query("SET session_timezone = 'America/New_York'");
    }
    void TearDown() override {
        query("SET session_timezone = ''"); // the server's zone again, for the tests after this one
        ModernTest::TearDown();
    }

    std::string timezone() {
        std::string zone = query("SELECT timezone()");
        zone.pop_back();
        return zone;
    }

    static clickhouse::NativeTextProbe::Runner runner() {
        return [](const std::string& sql) {
            const auto at = sql.rfind(" FORMAT ");
            try {
                return engine().query(sql.substr(0, at), sql.substr(at + 8));
            } catch (const ChdbError& error) {
                throw Error(ErrorKind::Query, error.what());
            }
        };
    }

    /// The CSV Ferry writes for `select` from the engine's TabSeparated answer.
    std::string csv_from_text(const std::string& select) {
        io::StringWriteStream output;
        formats::CsvWriter writer(output, formats::Dialect{});
        pipeline::ResultStream result(
            [&](const std::vector<std::string>& names) {
                for (const auto& name : names) {
                    writer.field(name);
                }
                writer.end_row();
            },
            [&](std::span<const formats::TsvField> row) { writer.write_row(row); });
        result.feed(query(select, "TabSeparatedWithNamesAndTypes"));
        result.finish();
        writer.flush();
        return output.data();
    }

    /// The CSV Ferry writes for `select` from the Native answer, as an export plans it on this engine.
    std::string csv_from_native(const std::string& select, clickhouse::NativeSelect* plan_out = nullptr) {
        std::vector<std::string> names;
        std::vector<std::string> types;
        clickhouse::parse_describe(runner()(clickhouse::describe_select_sql(select)), names, types);
        clickhouse::NativeTextProbe probe(runner());
        const auto plan = clickhouse::plan_native_select(select, names, types, probe.support_for(types));
        EXPECT_TRUE(plan.has_value());
        if (!plan) {
            return "";
        }
        std::string sql = plan->sql.substr(0, plan->sql.size() - 14); // " FORMAT Native"
        for (const auto& [name, value] : plan->settings) {
            sql += (sql.find(" SETTINGS ") == std::string::npos ? " SETTINGS " : ", ") + name + " = " + value;
        }
        io::StringWriteStream output;
        formats::CsvWriter writer(output, formats::Dialect{});
        for (const auto& name : names) {
            writer.field(name);
        }
        writer.end_row();
        pipeline::NativeResultStream result(
            *plan, [&](std::span<const formats::TsvField> row) { writer.write_row(row); },
            [&](const std::string& edge_sql) {
                const auto at = edge_sql.rfind(" FORMAT ");
                return query(edge_sql.substr(0, at), edge_sql.substr(at + 8));
            });
        result.feed(query(sql, "Native"));
        result.finish();
        writer.flush();
        if (plan_out) {
            *plan_out = *plan;
        }
        return output.data();
    }
};

constexpr const char* kStructure = "id UInt32, dt DateTime, utc DateTime('UTC'), kolkata DateTime('Asia/Kolkata'), "
                                   "day Date, n Nullable(DateTime)";

TEST_F(SessionTimeZoneTest, TimezoneAnswersTheSessionsZone) {
    EXPECT_EQ(timezone(), "America/New_York");
    EXPECT_EQ(query("SELECT serverTimezone()"), "Etc/UTC\n");
    EXPECT_EQ(query("SELECT toString(toDateTime(1678604400))"), "2023-03-12 03:00:00\n");
    // The probe follows the session: Ferry's New York text is the engine's, up to both ends of the range.
    clickhouse::NativeTextProbe probe(runner());
    EXPECT_NE(probe.zone(""), nullptr);
    EXPECT_TRUE(probe.edges_exact(""));
}

TEST_F(SessionTimeZoneTest, ExportFromTheNativeAnswerWritesTheSessionsText) {
    query(fmt::format("CREATE TABLE tz ({}) ENGINE = MergeTree ORDER BY id", kStructure));
    // Around the changes (every 15 minutes and the seconds either side, 04:00-16:30 UTC on the Sundays of
    // March, April, October and November), both ends of the range, and random instants.
    query("INSERT INTO tz SELECT rowNumberInAllBlocks(), toDateTime(t), toDateTime(t, 'UTC'), "
          "toDateTime(t, 'Asia/Kolkata'), toDate(toUInt16(t % 65536)), if(t % 4 = 0, NULL, toDateTime(t)) FROM ("
          "SELECT arrayJoin(arrayMap(k -> toUInt32(d * 86400 + 14400 + intDiv(k, 3) * 900 + k % 3 - 1), "
          "range(150))) AS t FROM (SELECT number AS d FROM system.numbers LIMIT 49709) "
          "WHERE toDayOfWeek(toDate(toUInt16(d))) = 7 AND toMonth(toDate(toUInt16(d))) IN (3, 4, 10, 11) "
          "UNION ALL SELECT toUInt32(number * 599) FROM system.numbers LIMIT 300 "
          "UNION ALL SELECT toUInt32(4294967295 - number * 2003) FROM system.numbers LIMIT 300 "
          "UNION ALL SELECT toUInt32(number * 2654435761 % 4294967296) FROM system.numbers LIMIT 20000)");
    const std::string select = "SELECT * FROM `tz` ORDER BY id";
    const std::string text = csv_from_text(select);
    clickhouse::NativeSelect plan;
    const std::string native = csv_from_native(select, &plan);
    EXPECT_GT(text.size(), 20'000'000u);
    EXPECT_TRUE(native == text) << "first difference at byte "
                                << std::mismatch(native.begin(), native.end(), text.begin()).first - native.begin();
    // Read in New York: the spring change at 07:00 UTC, the autumn one at 06:00 UTC.
    EXPECT_NE(text.find(",2023-03-12 03:00:00,2023-03-12 07:00:00,2023-03-12 12:30:00,"), std::string::npos);
    EXPECT_NE(text.find(",2023-11-05 01:00:00,2023-11-05 06:00:00,2023-11-05 11:30:00,"), std::string::npos);
    // Ferry formats every column itself (else the comparison proves nothing), asking nothing at the edges.
    for (std::size_t i = 0; i < plan.by_server.size(); ++i) {
        EXPECT_FALSE(plan.by_server[i]) << i;
        EXPECT_EQ(plan.edge_type[i], "") << i;
    }
}

TEST_F(SessionTimeZoneTest, ImportStoresTheUnixTimesTheEnginesOwnParseStores) {
    // Every second-edge of the hours around midnight..03:00 on every Sunday of March, April, October and
    // November 1971..2105 (the days New York changes), and random times.
    std::vector<std::string> times;
    for (std::int64_t day = clickhouse::days_from_civil(1971, 1, 1); day < clickhouse::days_from_civil(2106, 1, 1);
         ++day) {
        int year = 0;
        unsigned month = 0;
        unsigned mday = 0;
        clickhouse::civil_from_days(day, year, month, mday);
        if ((day + 4) % 7 != 0 || (month != 3 && month != 4 && month != 10 && month != 11)) {
            continue; // 1970-01-04 was a Sunday
        }
        for (const int second : {3599, 3600, 5400, 7199, 7200, 7201, 9000, 10799, 10800}) {
            times.push_back(test::civil_text(day * 86400 + second));
        }
    }
    std::mt19937_64 rng(20261129);
    const std::int64_t first = 86400;
    const std::int64_t last = clickhouse::days_from_civil(2106, 1, 1) * 86400;
    while (times.size() < 30000) {
        times.push_back(test::civil_text(first + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(last - first))));
    }
    std::string csv;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const std::string& t = times[i];
        rows.push_back({std::to_string(i), t, t, t, t.substr(0, 10), i % 5 == 0 ? "" : t});
        csv += fmt::format("{},{},{},{},{},{}\n", i, t, t, t, rows.back()[4], i % 5 == 0 ? "\\N" : t);
    }
    query(fmt::format("CREATE TABLE by_engine ({}) ENGINE = MergeTree ORDER BY id", kStructure));
    query("INSERT INTO by_engine FORMAT CSV " + csv);
    const std::string select =
        "SELECT id, toUnixTimestamp(dt), toUnixTimestamp(utc), toUnixTimestamp(kolkata), toUInt16(day), "
        "toUnixTimestamp(n) FROM {} ORDER BY id";
    const std::string expected = query(fmt::format(fmt::runtime(select), "by_engine"));
    ASSERT_EQ(split_tsv(expected).size(), times.size());
    // The skipped 02:30 of 2023-03-12 is 06:30 UTC, the repeated 01:30 of 2023-11-05 its first instant.
    EXPECT_EQ(query("SELECT toUnixTimestamp(dt) FROM by_engine WHERE utc = toDateTime('2023-03-12 02:30:00', "
                    "'UTC') LIMIT 1"),
              "1678602600\n");
    EXPECT_EQ(query("SELECT toUnixTimestamp(dt) FROM by_engine WHERE utc = toDateTime('2023-11-05 01:30:00', "
                    "'UTC') LIMIT 1"),
              "1699162200\n");

    std::vector<clickhouse::ColumnInfo> columns;
    for (const auto& row : split_tsv(query("SELECT name, type FROM system.columns WHERE database = "
                                           "currentDatabase() AND table = 'by_engine' ORDER BY position",
                                           "TabSeparatedRaw"))) {
        columns.push_back({row[0], row[1]});
    }
    ASSERT_EQ(columns.size(), 6u);
    std::vector<std::unique_ptr<clickhouse::InsertEncoder>> encoders;
    encoders.push_back(clickhouse::make_native_insert_encoder(columns, timezone()));
    ASSERT_NE(encoders.back(), nullptr);
    encoders.push_back(clickhouse::make_insert_encoder(columns, timezone()));
    encoders.push_back(clickhouse::make_insert_encoder(columns, timezone(), true));
    for (const auto& encoder : encoders) {
        std::string body;
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                encoder->value(c, row[c], c == 5 && row[c].empty(), body);
            }
            encoder->end_row(body);
        }
        encoder->end_block(body);
        const std::string format(encoder->format());
        const std::string path = write_file("ferry." + format, body);
        query(fmt::format("CREATE TABLE by_ferry ({}) ENGINE = MergeTree ORDER BY id", kStructure));
        query(fmt::format("INSERT INTO by_ferry SELECT * FROM file({}, {}, {})", quote_string(path),
                          quote_string(format), quote_string(kStructure)));
        const std::string got = query(fmt::format(fmt::runtime(select), "by_ferry"));
        EXPECT_TRUE(got == expected) << format << ": first difference at byte "
                                     << std::mismatch(got.begin(), got.end(), expected.begin()).first - got.begin();
        query("DROP TABLE by_ferry");
    }
    EXPECT_EQ(encoders[1]->format(), "RowBinary");
    EXPECT_EQ(encoders[2]->format(), "TabSeparated");
}

} // namespace
} // namespace ferry::modern
