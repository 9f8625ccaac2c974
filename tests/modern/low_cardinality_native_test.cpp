/// LowCardinality on the Native import path on 26.5: the probe (native_insert_probe.h) finds that the engine
/// reads a plain column into a LowCardinality one, so the encoder sends LowCardinality(String) and
/// LowCardinality(Nullable(String)) as String / Nullable(String) columns; what is stored (read back by
/// checksum) is what the engine's own CSV parse stores, and a materialized view on the table fires.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/native_insert_probe.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "modern/modern_test.h"

namespace ferry::modern {
namespace {

class LowCardinalityNativeTest : public ModernTest {};

constexpr const char* kStructure =
    "id UInt32, s LowCardinality(String), n LowCardinality(Nullable(String)), plain String";

TEST_F(LowCardinalityNativeTest, ThePlainColumnLoadsIntoLowCardinalityAndTheViewFires) {
    const auto run = [](const std::string& sql) {
        const auto at = sql.rfind(" FORMAT ");
        try {
            return engine().query(sql.substr(0, at), sql.substr(at + 8));
        } catch (const ChdbError& error) {
            throw Error(ErrorKind::Query, error.what());
        }
    };
    ASSERT_TRUE(clickhouse::native_plain_into_low_cardinality(run));

    for (const char* table : {"by_ferry", "by_engine"}) {
        query(fmt::format("CREATE TABLE {} ({}) ENGINE = MergeTree ORDER BY id", table, kStructure));
        query(fmt::format("CREATE TABLE {0}_seen (id UInt32, s String, n String) ENGINE = MergeTree ORDER BY id",
                          table));
        query(fmt::format("CREATE MATERIALIZED VIEW {0}_mv TO {0}_seen AS SELECT id, toString(s) AS s, "
                          "ifNull(toString(n), '<null>') AS n FROM {0}",
                          table));
    }
    std::vector<clickhouse::ColumnInfo> columns;
    for (const auto& row : split_tsv(query("SELECT name, type FROM system.columns WHERE database = currentDatabase() "
                                           "AND table = 'by_ferry' ORDER BY position",
                                           "TabSeparatedRaw"))) {
        columns.push_back({row[0], row[1]});
    }
    ASSERT_EQ(columns.size(), 4u);
    EXPECT_EQ(clickhouse::make_native_insert_encoder(columns, "UTC"), nullptr); // not without the probe's yes
    const auto encoder = clickhouse::make_native_insert_encoder(columns, "UTC", true);
    ASSERT_NE(encoder, nullptr);
    ASSERT_EQ(encoder->format(), "Native");

    // Many repeats, the empty string, NULL, non-ASCII, and a dictionary larger than one block's.
    std::string body;
    std::string csv;
    for (int i = 0; i < 20000; ++i) {
        const std::string s = i % 7 == 0 ? "" : fmt::format("v{}é", i % (i < 10000 ? 13 : 5000));
        const std::optional<std::string> n =
            i % 3 == 0 ? std::nullopt : std::optional(fmt::format("n{}", i % 11));
        encoder->value(0, std::to_string(i), false, body);
        encoder->value(1, s, false, body);
        encoder->value(2, n.value_or(""), !n, body);
        encoder->value(3, s, false, body);
        encoder->end_row(body);
        if (i % 8192 == 8191) {
            encoder->end_block(body); // several blocks, as an import sends them
        }
        csv += fmt::format("{},\"{}\",{},\"{}\"\n", i, s, n ? "\"" + *n + "\"" : "\\N", s);
    }
    encoder->end_block(body);
    // FROM INFILE reads the file through the input format with the table's header, as an HTTP INSERT body
    // is read (data inline in the query is cut at max_query_size here).
    query(fmt::format("INSERT INTO by_ferry FROM INFILE {} FORMAT Native", clickhouse::quote_string(write_file("ferry.native", body))));
    query(fmt::format("INSERT INTO by_engine FROM INFILE {} FORMAT CSV", clickhouse::quote_string(write_file("engine.csv", csv))));

    const std::string checksum =
        "SELECT count(), sum(sipHash64(id, toString(s), ifNull(toString(n), '<null>'), plain)), countIf(isNull(n)) "
        "FROM {}";
    const std::string expected = query(fmt::format(fmt::runtime(checksum), "by_engine"));
    EXPECT_EQ(query(fmt::format(fmt::runtime(checksum), "by_ferry")), expected);
    EXPECT_TRUE(expected.starts_with("20000\t")) << expected;
    EXPECT_EQ(query("SELECT toTypeName(s), toTypeName(n) FROM by_ferry LIMIT 1"),
              "LowCardinality(String)\tLowCardinality(Nullable(String))\n");
    // The views saw the same rows.
    const std::string seen = "SELECT count(), sum(sipHash64(id, s, n)) FROM {}_seen";
    EXPECT_EQ(query(fmt::format(fmt::runtime(seen), "by_ferry")), query(fmt::format(fmt::runtime(seen), "by_engine")));
    EXPECT_EQ(query("SELECT count() FROM by_ferry_seen"), "20000\n");
}

} // namespace
} // namespace ferry::modern
