#include "clickhouse/native_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "clickhouse/native_edge_text.h"
#include "clickhouse/native_select.h"

namespace ferry::clickhouse {
namespace {

std::string float64(double value) {
    std::string out;
    append_float64_text(value, out);
    return out;
}

std::string float32(float value) {
    std::string out;
    append_float32_text(value, out);
    return out;
}

/// Expected texts are ClickHouse 18.16's own (toString of the same values).
TEST(NativeText, FloatsAsClickHouse1816WritesThem) {
    EXPECT_EQ(float64(1e21), "1e21");
    EXPECT_EQ(float64(1e20), "100000000000000000000");
    EXPECT_EQ(float64(1e-7), "1e-7");
    EXPECT_EQ(float64(1e-6), "0.000001");
    EXPECT_EQ(float64(1.5e-7), "1.5e-7");
    EXPECT_EQ(float64(0.1), "0.1");
    EXPECT_EQ(float64(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(float64(-0.0), "-0");
    EXPECT_EQ(float64(123456789012345678.0), "123456789012345680");
    EXPECT_EQ(float64(9007199254740993.0), "9007199254740992");
    EXPECT_EQ(float64(1.7976931348623157e308), "1.7976931348623157e308");
    EXPECT_EQ(float64(1e-320), "1e-320");
    EXPECT_EQ(float64(0.000123), "0.000123");
    EXPECT_EQ(float64(-123.456), "-123.456");
    EXPECT_EQ(float64(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(float64(-std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(float64(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(float64(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(float32(1.0f / 3), "0.33333334");
    EXPECT_EQ(float32(123456789012345678.0f), "123456790000000000");
    EXPECT_EQ(float32(16777217.0f), "16777216");
    EXPECT_EQ(float32(3.4e38f), "3.4e38");
    EXPECT_EQ(float32(0.1f), "0.1");
    EXPECT_EQ(float32(-0.0f), "-0");
}

std::string decimal(__int128 value, int scale, bool trailing_zeros) {
    std::string out;
    append_decimal_text(value, scale, trailing_zeros, out);
    return out;
}

TEST(NativeText, DecimalsWithAndWithoutTrailingZeros) {
    EXPECT_EQ(decimal(150, 2, true), "1.50");
    EXPECT_EQ(decimal(150, 2, false), "1.5");
    EXPECT_EQ(decimal(-1, 2, true), "-0.01");
    EXPECT_EQ(decimal(30000, 4, true), "3.0000");
    EXPECT_EQ(decimal(30000, 4, false), "3");
    EXPECT_EQ(decimal(0, 4, true), "0.0000");
    EXPECT_EQ(decimal(0, 4, false), "0");
    EXPECT_EQ(decimal(7, 0, true), "7");
    EXPECT_EQ(decimal(-999999999, 0, false), "-999999999");
    __int128 big = 1;
    for (int i = 0; i < 37; ++i) {
        big *= 10;
    }
    EXPECT_EQ(decimal(-(big * 9 + 1), 10, true), "-9000000000000000000000000000.0000000001");
}

TEST(NativeText, DatesTimesAndUuids) {
    std::string out;
    append_date_text(0, out);
    out += '|';
    append_date_text(18321, out); // a leap day
    out += '|';
    append_date_text(65535, out);
    out += '|';
    append_date_time_text(4294967295, out);
    out += '|';
    append_date_time_text(1582934400 + 3723, out);
    EXPECT_EQ(out, "1970-01-01|2020-02-29|2149-06-06|2106-02-07 06:28:15|2020-02-29 01:02:03");

    // ClickHouse keeps a UUID as two little-endian 64-bit halves, the high one first.
    const std::uint64_t halves[2] = {0x6d2b8a1e3c4f4a5bULL, 0x9c7d0e1f2a3b4c5dULL};
    char bytes[16];
    std::memcpy(bytes, halves, 16);
    out.clear();
    append_uuid_text(bytes, out);
    EXPECT_EQ(out, "6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d");
}

TEST(NativeText, ColumnsHandOutNullsEnumNamesAndZeroDates) {
    NativeColumn column;
    column.name = "e";
    column.type = "Nullable(Enum8('a' = 1, 'b\\'c' = -2))";
    column.width = 1;
    const char values[3] = {1, -2, 0};
    const unsigned char nulls[3] = {0, 0, 1};
    column.data = values;
    column.null_map = nulls;
    std::vector<NativeText> texts;
    auto formatter = make_native_text(column.type, {});
    formatter->format(column, 3, texts);
    ASSERT_EQ(texts.size(), 3u);
    EXPECT_EQ(texts[0].text, "a");
    EXPECT_EQ(texts[1].text, "b'c");
    EXPECT_TRUE(texts[2].is_null);

    const std::uint16_t days[2] = {0, 1};
    NativeColumn dates;
    dates.type = "Date";
    dates.width = 2;
    dates.data = reinterpret_cast<const char*>(days);
    NativeTextOptions zeros;
    zeros.zero_as_zeros = true;
    auto date_formatter = make_native_text("Date", zeros);
    date_formatter->format(dates, 2, texts);
    EXPECT_EQ(texts[0].text, "0000-00-00");
    EXPECT_EQ(texts[1].text, "1970-01-02");
}

TEST(NativeSelect, PlansWhatFerryFormatsAndWrapsTheRest) {
    NativeTextSupport support;
    support.floats = true;
    support.zones[""] = nullptr; // the server's zone disagreed
    const auto plan = plan_native_select(
        "SELECT * FROM `t`", {"i", "f", "d", "ts", "arr", "lc", "u"},
        {"Int64", "Float64", "Decimal(9, 2)", "DateTime", "Array(String)", "LowCardinality(Nullable(String))",
         "Nullable(UUID)"},
        support);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->by_server, (std::vector<bool>{false, false, true, true, true, false, false}));
    EXPECT_EQ(plan->sql, "SELECT `i`, `f`, toString(`d`) AS `d`, toString(`ts`) AS `ts`, toString(`arr`) AS `arr`, "
                         "CAST(`lc`, 'Nullable(String)') AS `lc`, `u` FROM (SELECT * FROM `t`) FORMAT Native");
    EXPECT_EQ(plan->settings.at("max_block_size"), kNativeMaxBlockSize);

    // Nothing to wrap: the query as it is.
    const auto plain = plan_native_select("SELECT 1 AS `a`", {"a"}, {"UInt8"}, support);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->sql, "SELECT 1 AS `a` FORMAT Native");

    // Types only TabSeparated carries, and names an outer SELECT cannot tell apart.
    EXPECT_FALSE(plan_native_select("q", {"v"}, {"Variant(String, UInt8)"}, support));
    EXPECT_FALSE(plan_native_select("q", {"v"}, {"Nullable(Nothing)"}, support));
    EXPECT_FALSE(plan_native_select("q", {"a", "a"}, {"UInt8", "UInt8"}, support));
}

TEST(NativeSelect, ValuesAtTheEndOfTheRangeAreAskedForNotCarriedInEveryRow) {
    NativeTextSupport support;
    support.zero_as_zeros = true;
    support.zones[""] = TimeZone::load("Europe/Berlin");
    support.zones["America/New_York"] = TimeZone::load("America/New_York");
    support.exact_edges = {"America/New_York"};
    const auto plan = plan_native_select("SELECT * FROM `t`", {"day", "n_ts", "ny", "lc_day"},
                                         {"Date", "Nullable(DateTime)", "DateTime('America/New_York')",
                                          "LowCardinality(Date)"},
                                         support);
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(plan->edge_type, (std::vector<std::string>{"Date", "DateTime", "", "Date"}));
    // No column is added for them: the answer is the query's own columns.
    EXPECT_EQ(plan->sql, "SELECT `day`, `n_ts`, `ny`, CAST(`lc_day`, 'Date') AS `lc_day` FROM (SELECT * FROM `t`) "
                         "FORMAT Native");
}

TEST(NativeEdgeText, AsksOncePerBlockForTheValuesNotSeenBeforeAndLeavesTheRestAlone) {
    EXPECT_EQ(NativeEdgeText::sql("DateTime('America/New_York')", {4294771200, 4294967295}),
              "SELECT v, toString(CAST(v, 'DateTime(\\'America/New_York\\')')) FROM (SELECT arrayJoin([4294771200, "
              "4294967295]) AS v) FORMAT TabSeparated");
    std::vector<std::string> asked;
    // The server's answer: as 18.16 writes the end of its table, "1970-01-01" for everything asked.
    NativeEdgeText edges("Date", [&](const std::string& sql) {
        asked.push_back(sql);
        std::string answer;
        const auto open = sql.find("arrayJoin([") + 11;
        std::string list = sql.substr(open, sql.find(']', open) - open) + ",";
        for (std::size_t at = 0, comma; (comma = list.find(',', at)) != std::string::npos; at = comma + 2) {
            answer += list.substr(at, comma - at) + "\t1970-01-01\n";
        }
        return answer;
    });
    const std::uint16_t days[] = {49699, 49700, 65535, 49700, 0, 65535};
    const unsigned char nulls[] = {0, 0, 0, 0, 0, 1};
    NativeColumn column;
    column.type = "Nullable(Date)";
    column.value_type = "Date";
    column.width = 2;
    column.data = reinterpret_cast<const char*>(days);
    column.null_map = nulls;
    std::vector<NativeText> texts(6, NativeText{"mine", false});
    edges.apply(column, 6, texts);
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_NE(asked[0].find("arrayJoin([49700, 65535])"), std::string::npos) << asked[0];
    const std::vector<std::string_view> want = {"mine", "1970-01-01", "1970-01-01", "1970-01-01", "mine", "mine"};
    for (std::size_t r = 0; r < 6; ++r) {
        EXPECT_EQ(texts[r].text, want[r]) << r;
    }
    // The next block has the same values: nothing is asked again.
    std::vector<NativeText> next(6, NativeText{"mine", false});
    edges.apply(column, 6, next);
    EXPECT_EQ(asked.size(), 1u);
    EXPECT_EQ(next[2].text, "1970-01-01");

    // DateTime also at the low end: the first two days of 1970 (18.16's table starts at local midnight).
    std::vector<std::string> asked_times;
    NativeEdgeText times("DateTime", [&](const std::string& sql) {
        asked_times.push_back(sql);
        return std::string("0\tzero\n1\tone\n172799\tlast\n4294967295\tend\n");
    });
    const std::uint32_t seconds[] = {0, 1, 172799, 172800, 4294771199, 4294967295};
    NativeColumn time_column;
    time_column.type = "DateTime";
    time_column.value_type = "DateTime";
    time_column.width = 4;
    time_column.data = reinterpret_cast<const char*>(seconds);
    std::vector<NativeText> time_texts(6, NativeText{"mine", false});
    times.apply(time_column, 6, time_texts);
    ASSERT_EQ(asked_times.size(), 1u);
    EXPECT_NE(asked_times[0].find("arrayJoin([0, 1, 172799, 4294967295])"), std::string::npos) << asked_times[0];
    const std::vector<std::string_view> want_times = {"zero", "one", "last", "mine", "mine", "end"};
    for (std::size_t r = 0; r < 6; ++r) {
        EXPECT_EQ(time_texts[r].text, want_times[r]) << r;
    }
}

} // namespace
} // namespace ferry::clickhouse
