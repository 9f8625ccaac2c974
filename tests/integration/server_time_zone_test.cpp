/// A server whose own time zone is not UTC (<timezone>America/New_York</timezone>, a private 18.16 started
/// for this suite): Ferry formats DateTime text itself on export and converts civil times itself on
/// import, in the server's zone for a DateTime without its own. Both ways are checked against the server:
/// - export: the CSV/TSV from the Native answer is byte for byte the one from the TabSeparated answer, for
///   DateTime, DateTime('UTC'), DateTime('Asia/Kolkata'), Date and Nullable(DateTime), on every second
///   around New York's clock changes 1970..2105, at both ends of the range, and at random;
/// - import: the same civil times loaded by `ferry import` (Native), the RowBinary and the text encoders
///   store the unix times the server's own INSERT ... FORMAT CSV stores, including times in the skipped
///   hour of spring (read with the offset after the change) and the repeated hour of autumn (the earlier
///   instant); civil times before 1970-01-01 00:00:00 UTC are refused with a message naming them.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "clickhouse/catalog.h"
#include "clickhouse/catalog_sql.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text_probe.h"
#include "clickhouse/value_text.h"
#include "support/civil_time.h"
#include "support/clickhouse_fixture.h"
#include "support/export_answers.h"
#include "support/insert_body.h"

namespace ferry::test {
namespace {

class ServerTimeZoneTest : public ClickHouseTest {
protected:
    static void SetUpTestSuite() {
        server_ = new PrivateClickHouseServer;
        server_->start("CLICKHOUSE_TIMEZONE=America/New_York");
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    std::uint16_t server_port() const override { return server_->http_port(); }

    std::string export_both_ways(const std::string& table, const std::string& flags, const std::string& ext) {
        return ExportAnswers{server_port(), database_, scratch_dir_}.both_ways(table, flags, ext);
    }

    std::string server_timezone() {
        return clickhouse::catalog_sql::parse_server_timezone(query(clickhouse::catalog_sql::server_timezone()));
    }

    static PrivateClickHouseServer* server_;
};

PrivateClickHouseServer* ServerTimeZoneTest::server_ = nullptr;

constexpr const char* kTable = "(id UInt32, dt DateTime, utc DateTime('UTC'), kolkata DateTime('Asia/Kolkata'), "
                               "day Date, n Nullable(DateTime)) ENGINE = MergeTree ORDER BY id";

TEST_F(ServerTimeZoneTest, TheServerRunsInNewYork) {
    EXPECT_EQ(server_timezone(), "America/New_York");
    // The spring change: 02:00 EST -> 03:00 EDT on 2023-03-12 (07:00 UTC).
    EXPECT_EQ(query("SELECT toString(toDateTime(1678604400))"), "2023-03-12 03:00:00\n");
}

TEST_F(ServerTimeZoneTest, ExportWritesTheServersTextOfEveryDateTime) {
    query(std::string("CREATE TABLE tz ") + kTable);
    // Every 15 minutes (and the seconds either side) from 04:00 to 16:30 UTC on every Sunday of March, April,
    // October and November (New York changed on those since 1967, and in 1974/75 on other days: the random
    // rows below), the first two days and the last week of the range, and random instants.
    query("INSERT INTO tz SELECT rowNumberInAllBlocks(), toDateTime(t), toDateTime(t, 'UTC'), "
          "toDateTime(t, 'Asia/Kolkata'), toDate(toUInt16(t % 65536)), if(t % 4 = 0, NULL, toDateTime(t)) FROM ("
          "SELECT arrayJoin(arrayMap(k -> toUInt32(d * 86400 + 14400 + intDiv(k, 3) * 900 + k % 3 - 1), "
          "range(150))) AS t FROM (SELECT number AS d FROM system.numbers LIMIT 49709) "
          "WHERE toDayOfWeek(toDate(toUInt16(d))) = 7 AND toMonth(toDate(toUInt16(d))) IN (3, 4, 10, 11) "
          "UNION ALL SELECT toUInt32(number * 599) FROM system.numbers LIMIT 300 "
          "UNION ALL SELECT toUInt32(arrayJoin([0, 1, 2, 17999, 18000, 18001, 19799, 19800, 19801, 86399, 86400, "
          "172799, 172800, 4294771199, 4294771200, 4294944000, 4294962000, 4294967294, 4294967295])) "
          "UNION ALL SELECT toUInt32(4294967295 - number * 2003) FROM system.numbers LIMIT 300 "
          "UNION ALL SELECT toUInt32(number * 2654435761 % 4294967296) FROM system.numbers LIMIT 20000)");
    ASSERT_GT(std::stoul(query("SELECT count() FROM tz")), 300000u);

    const std::string csv = export_both_ways("tz", "", "csv");
    export_both_ways("tz", "", "tsv");
    export_both_ways("tz", "--columns id,n --delimiter ';' --no-header", "txt");
    // Read in New York: 07:00 UTC on 2023-03-12 is 03:00 EDT, 05:59:59 UTC on 2023-11-05 01:59:59 EDT and a
    // second later it is 01:00:00 EST; Kolkata is 5:30 ahead of UTC.
    EXPECT_NE(csv.find(",2023-03-12 03:00:00,2023-03-12 07:00:00,2023-03-12 12:30:00,"), std::string::npos);
    EXPECT_NE(csv.find(",2023-11-05 01:59:59,2023-11-05 05:59:59,2023-11-05 11:29:59,"), std::string::npos);
    EXPECT_NE(csv.find(",2023-11-05 01:00:00,2023-11-05 06:00:00,2023-11-05 11:30:00,"), std::string::npos);

    // Ferry formats these columns itself on this server (else the test above proves nothing).
    clickhouse::HttpClient client(connection());
    const std::string select = "SELECT * FROM `tz`";
    std::vector<std::string> names;
    std::vector<std::string> types;
    clickhouse::parse_describe(client.query(clickhouse::describe_select_sql(select)), names, types);
    clickhouse::NativeTextProbe probe([&](const std::string& sql) { return client.query(sql); });
    const auto plan = clickhouse::plan_native_select(select, names, types, probe.support_for(types));
    ASSERT_TRUE(plan.has_value());
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_FALSE(plan->by_server[i]) << names[i];
    }
}

TEST_F(ServerTimeZoneTest, ImportStoresTheUnixTimesTheServersOwnParseStores) {
    for (const char* table : {"via_cli", "via_row_binary", "via_text", "by_server"}) {
        query(std::string("CREATE TABLE ") + table + " " + kTable);
    }
    // Civil times on the days New York's clocks change (1976-86: last Sunday of April and of October,
    // 1987-2006: first Sunday of April, since 2007: second Sunday of March, first of November), every
    // second-edge of the hours around the change, and random times in 1970-01-02..2105 (18.16 reads up to
    // 2105; in Kolkata, 1970-01-01 before 05:30 is before the epoch: refused, see below).
    std::vector<std::string> times;
    for (int year = 1971; year <= 2105; ++year) {
        for (const std::int64_t day : {nth_sunday(year, 4, 5), nth_sunday(year, 10, 5), nth_sunday(year, 4, 1),
                                       nth_sunday(year, 3, 2), nth_sunday(year, 11, 1)}) {
            for (const int second : {0, 3599, 3600, 3601, 5400, 7199, 7200, 7201, 9000, 10799, 10800}) {
                times.push_back(civil_text(day * 86400 + second));
            }
        }
    }
    std::mt19937_64 rng(20261129);
    const std::int64_t first = 86400;
    const std::int64_t last = clickhouse::days_from_civil(2106, 1, 1) * 86400;
    while (times.size() < 12000) {
        times.push_back(civil_text(first + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(last - first))));
    }
    std::string csv = "id,dt,utc,kolkata,day,n\n";
    std::string server_csv = csv; // 18.16 reads NULL in CSV as \N only
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const std::string& t = times[i];
        rows.push_back({std::to_string(i), t, t, t, t.substr(0, 10), i % 5 == 0 ? "" : t});
        const std::string line = rows.back()[0] + "," + t + "," + t + "," + t + "," + rows.back()[4] + ",";
        csv += line + rows.back()[5] + "\n";
        server_csv += line + (i % 5 == 0 ? "\\N" : t) + "\n";
    }
    const auto file = scratch("civil.csv");
    write_file(file, csv);

    // The server's own parse.
    insert_body(*client_, "INSERT INTO by_server FORMAT CSVWithNames", server_csv);
    // `ferry import`: these columns go as Native, converted by Ferry in the zone timezone() names.
    const auto columns = clickhouse::list_columns(*client_, "via_cli");
    ASSERT_NE(clickhouse::make_native_insert_encoder(columns, server_timezone()), nullptr);
    const auto result = ferry("import --table via_cli --file " + file.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // RowBinary and text, as tables with other columns send them.
    for (const bool force_text : {false, true}) {
        const auto encoder = clickhouse::make_insert_encoder(columns, server_timezone(), force_text);
        ASSERT_EQ(encoder->format(), force_text ? "TabSeparated" : "RowBinary");
        std::string body;
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                encoder->value(c, row[c], c == 5 && row[c].empty(), body);
            }
            encoder->end_row(body);
        }
        insert_body(*client_, std::string("INSERT INTO ") + (force_text ? "via_text" : "via_row_binary") + " FORMAT " +
                     std::string(encoder->format()),
                 body);
    }

    const std::string select = "SELECT id, toUnixTimestamp(dt), toUnixTimestamp(utc), toUnixTimestamp(kolkata), "
                               "toUInt16(day), toUnixTimestamp(n) FROM ";
    const std::string expected = query(select + "by_server ORDER BY id");
    ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), static_cast<long>(times.size()));
    for (const char* table : {"via_cli", "via_row_binary", "via_text"}) {
        const std::string got = query(select + table + " ORDER BY id");
        if (got != expected) {
            std::size_t at = 0;
            while (at < got.size() && at < expected.size() && got[at] == expected[at]) {
                ++at;
            }
            const std::size_t line = expected.rfind('\n', at) + 1;
            ADD_FAILURE() << table << " differs from the server's parse: server "
                          << expected.substr(line, expected.find('\n', at) - line) << ", Ferry "
                          << got.substr(line, got.find('\n', at) - line);
        }
    }
    // The skipped hour reads with the offset after the change (02:30 at -4), the repeated one as its
    // first (EDT) instant.
    const auto unix_of = [&](const std::string& civil_time) {
        return query("SELECT toUnixTimestamp(dt) FROM via_cli WHERE id = (SELECT min(id) FROM via_cli WHERE "
                     "toString(utc) = '" + civil_time + "')");
    };
    EXPECT_EQ(unix_of("2023-03-12 02:30:00"), "1678602600\n"); // 06:30 UTC
    EXPECT_EQ(unix_of("2023-11-05 01:30:00"), "1699162200\n"); // 05:30 UTC (01:30 EDT)
}

TEST_F(ServerTimeZoneTest, CivilTimesBeforeTheEpochAreRefusedNamingTheValue) {
    query(std::string("CREATE TABLE t ") + kTable);
    // 1970-01-01 05:00 in Kolkata is 1969-12-31 23:30 UTC: 18.16 would store 4294965496, 26.x 0.
    write_file(scratch("early.csv"), "id,dt,utc,kolkata,day,n\n1,1970-01-01 05:00:00,1970-01-01 05:00:00,"
                                     "1970-01-01 05:00:00,1970-01-01,\n");
    const auto result = ferry("import --table t --file " + scratch("early.csv").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("kolkata"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("'1970-01-01 05:00:00' is out of range for DateTime('Asia/Kolkata')"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(query("SELECT count() FROM t"), "0\n");
}

} // namespace
} // namespace ferry::test
