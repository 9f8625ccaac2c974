/// Compression on the wire against the real server: the probe agrees with what the server does, every codec
/// it takes round-trips exact values both ways, "auto" picks none towards this machine, and the `--json`
/// summary says which codec ran and how many bytes crossed the wire.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "clickhouse/http_client.h"
#include "clickhouse/wire_compression.h"
#include "common/error.h"
#include "io/wire_codec.h"
#include "pipeline/export_job.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

class WireCompressionTest : public ClickHouseTest {
protected:
    /// What the server itself answers to "SELECT 1" sent with Content-Encoding `codec` (by curl and the
    /// codec's command-line tool, independently of Ferry's code).
    std::string raw_answer(const std::string& codec) {
        const std::string tool = codec == "gzip" ? "gzip -c" : "zstd -q -c";
        return run_command("printf 'SELECT 1' | " + tool + " | curl -sS -H 'Content-Encoding: " + codec +
                           "' --data-binary @- 'http://127.0.0.1:" +
                           std::to_string(ClickHouseServer::http_port()) + "/'")
            .out;
    }

    /// The codecs this server takes in request bodies (any framing) and sends in responses, by Ferry's probe.
    std::vector<std::string> request_codecs() {
        clickhouse::HttpClient client(connection());
        std::vector<std::string> codecs;
        for (const auto codec : {io::Compression::Gzip, io::Compression::Zstd, io::Compression::Lz4}) {
            if (client.takes_request(codec, io::WireFraming::ContentEncoding) ||
                client.takes_request(codec, io::WireFraming::ClickHouseBlocks)) {
                codecs.emplace_back(io::wire_name(codec));
            }
        }
        return codecs;
    }
    std::vector<std::string> response_codecs() {
        clickhouse::HttpClient client(connection());
        std::vector<std::string> codecs;
        for (const auto codec : {io::Compression::Gzip, io::Compression::Zstd, io::Compression::Lz4}) {
            if (client.sends_response(codec)) {
                codecs.emplace_back(io::wire_name(codec));
            }
        }
        return codecs;
    }

    /// Awkward values: quotes, separators and a newline inside strings, UTF-8, NULLs, extremes.
    std::string awkward_csv(int rows) {
        std::string csv = "id,name,amount,maybe,big\n";
        for (int i = 0; i < rows; ++i) {
            csv += std::to_string(i) + ",";
            switch (i % 4) {
            case 0:
                csv += "\"Müller, \"\"Jr.\"\"\"";
                break;
            case 1:
                csv += "\"two\nlines\"";
                break;
            case 2:
                csv += "tab\there";
                break;
            default:
                csv += "plain " + std::to_string(i * 7919 % 1000);
            }
            csv += "," + std::to_string(i) + "." + std::to_string(i % 1000) + ",";
            csv += (i % 3 == 0) ? "" : "v" + std::to_string(i);
            csv += ",18446744073709551615\n";
        }
        return csv;
    }

    void make_table(const std::string& name) {
        query("CREATE TABLE " + name +
              " (id UInt32, name String, amount Float64, maybe Nullable(String), big UInt64) ENGINE = "
              "MergeTree ORDER BY id");
    }

    std::string checksum(const std::string& table) {
        return query("SELECT count(), sum(cityHash64(id, name, amount, ifNull(maybe, '<null>'), big)), "
                     "countIf(isNull(maybe)) FROM " +
                     table + " FORMAT TabSeparated");
    }

    static json::object summary(const CommandResult& result) {
        const auto line = result.out.substr(result.out.rfind('{'));
        return json::parse(line).as_object();
    }
};

TEST_F(WireCompressionTest, ProbeAgreesWithWhatTheServerDoesWithACompressedBody) {
    clickhouse::HttpClient client(connection());
    for (const auto codec : {io::Compression::Gzip, io::Compression::Zstd}) {
        const std::string name(io::wire_name(codec));
        const bool server_takes_it = raw_answer(name) == "1\n";
        EXPECT_EQ(client.takes_request(codec, io::WireFraming::ContentEncoding), server_takes_it) << name;
    }
    // Every server since 2017 takes gzip bodies and ClickHouse's zstd and LZ4 blocks, and sends gzip.
    EXPECT_TRUE(client.takes_request(io::Compression::Gzip, io::WireFraming::ContentEncoding));
    EXPECT_TRUE(client.takes_request(io::Compression::Zstd, io::WireFraming::ClickHouseBlocks));
    EXPECT_TRUE(client.takes_request(io::Compression::Lz4, io::WireFraming::ClickHouseBlocks));
    EXPECT_TRUE(client.sends_response(io::Compression::Gzip));
    // Not offered at all: gzip has no block method.
    EXPECT_FALSE(client.takes_request(io::Compression::Gzip, io::WireFraming::ClickHouseBlocks));
}

TEST_F(WireCompressionTest, ProbeOfFramedAnswersAgreesWithCurl) {
    // What the server answers to compress=1 by itself: a small answer, then one larger than 1 MiB.
    const auto framed_bytes = [](const std::string& sql) {
        return run_command("curl -sS --data-binary \"" + sql + "\" 'http://127.0.0.1:" +
                           std::to_string(ClickHouseServer::http_port()) + "/?compress=1' | wc -c")
            .out;
    };
    const bool small_framed = std::stoul(framed_bytes("SELECT 1")) > 0;
    const bool large_framed =
        std::stoul(framed_bytes("SELECT toUInt8(0) FROM system.numbers LIMIT 1100000 FORMAT RowBinary")) > 0;
    clickhouse::HttpClient client(connection());
    EXPECT_EQ(client.sends_response(io::Compression::Lz4), small_framed || large_framed);
    EXPECT_EQ(client.frames_small_answers(), small_framed);
    // The finding behind the probe, on Debian's 18.16: small answers vanish, larger ones come framed.
    if (client.server_major_version() == 18) {
        EXPECT_FALSE(small_framed);
        EXPECT_TRUE(large_framed);
    }
}

TEST_F(WireCompressionTest, ALinkIsMeasuredFasterThanAShapedOne) {
    clickhouse::HttpClient client(connection());
    // Loopback, even on a busy machine, is never taken for a slow link.
    EXPECT_GT(client.link_bytes_per_second(), clickhouse::kSlowLinkBytesPerSecond);
}

TEST_F(WireCompressionTest, EveryCodecRoundTripsExactValuesBothWays) {
    const auto requests = request_codecs();
    const auto responses = response_codecs();
    ASSERT_GE(requests.size(), 3u); // gzip, zstd (blocks at least), lz4 (blocks)
    ASSERT_FALSE(responses.empty());
    const std::string csv = awkward_csv(50'000);
    write_file(scratch("in.csv"), csv);

    make_table("plain");
    auto result =
        ferry("import --json --compression none --table plain --file " + scratch("in.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto plain_summary = summary(result);
    EXPECT_EQ(plain_summary.at("codec").as_string(), "none");
    const auto plain_wire = plain_summary.at("wire_bytes").as_int64();
    const std::string expected = checksum("plain");
    ASSERT_EQ(expected.substr(0, expected.find('\t')), "50000");

    result = ferry("export --json --compression none --table plain --file " + scratch("plain.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto plain_export_wire = summary(result).at("wire_bytes").as_int64();
    const std::string plain_export = read_file(scratch("plain.csv"));

    for (const auto& codec : requests) {
        SCOPED_TRACE(codec);
        const std::string table = "t_" + codec;
        make_table(table);
        result = ferry("import --json --compression " + codec + " --table " + table + " --file " +
                       scratch("in.csv").string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
        auto s = summary(result);
        EXPECT_EQ(s.at("codec").as_string(), codec);
        EXPECT_EQ(s.at("rows").as_int64(), 50'000);
        // The repetitive file compresses several times over; the counted bytes are the compressed ones.
        EXPECT_LT(s.at("wire_bytes").as_int64() * 2, plain_wire) << json::serialize(s);
        EXPECT_EQ(checksum(table), expected);
    }
    for (const auto& codec : responses) {
        SCOPED_TRACE(codec);
        const auto out = scratch("out_" + codec + ".csv");
        result = ferry("export --json --compression " + codec + " --table plain --file " + out.string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const auto s = summary(result);
        EXPECT_EQ(s.at("codec").as_string(), codec);
        EXPECT_LT(s.at("wire_bytes").as_int64() * 2, plain_export_wire) << json::serialize(s);
        EXPECT_EQ(read_file(out), plain_export);
    }
}

TEST_F(WireCompressionTest, AutoSendsPlainBytesToThisMachine) {
    make_table("t");
    write_file(scratch("in.csv"), awkward_csv(1000));
    const auto result = ferry("import --json --table t --file " + scratch("in.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto s = summary(result);
    EXPECT_EQ(s.at("codec").as_string(), "none");
    // Plain RowBinary of 1,000 rows is well over 20 kB.
    EXPECT_GT(s.at("wire_bytes").as_int64(), 20'000);
}

TEST_F(WireCompressionTest, ASmallTablesExportChoosesNoCodecAndAsksNothingForIt) {
    query("CREATE TABLE small (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
    query("CREATE TABLE bigger (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
    query("CREATE TABLE kept (id UInt64) ENGINE = Memory");
    query("INSERT INTO small SELECT number, 'abc' FROM system.numbers LIMIT 1000");
    query("INSERT INTO bigger SELECT number, 'a longer value of some forty bytes each' FROM system.numbers LIMIT 100000");
    query("INSERT INTO kept VALUES (1)");
    clickhouse::HttpClient client(connection());
    const auto size = [&](const std::string& table, std::vector<clickhouse::Join> joins = {}) {
        pipeline::TableSource source;
        source.table = table;
        source.joins = std::move(joins);
        return pipeline::source_part_bytes(client, source, nullptr);
    };
    const auto small = size("small");
    ASSERT_TRUE(small.has_value());
    EXPECT_GT(*small, 1000u * 8);
    EXPECT_LT(*small, clickhouse::kLinkMeasureBytes);
    const auto bigger = size("bigger");
    ASSERT_TRUE(bigger.has_value());
    EXPECT_GT(*bigger, clickhouse::kLinkMeasureBytes);
    EXPECT_EQ(size("kept"), std::nullopt);       // no parts: not known
    EXPECT_EQ(size("no_such_table"), std::nullopt); // nor for a name without parts
    clickhouse::Join join;
    join.table = "bigger";
    EXPECT_EQ(size("small", {join}), std::nullopt); // a join can return more than its tables hold

    // Told the answer is small, auto decides without a request (towards another machine it would probe the
    // codecs and measure the link; here it would at least connect to learn the addresses).
    clickhouse::HttpClient told(connection());
    told.expect_answers_of_at_most(*small);
    EXPECT_EQ(told.response_codec(), io::Compression::None);
    EXPECT_EQ(told.wire_bytes(), 0u);
    clickhouse::HttpClient untold(connection());
    EXPECT_EQ(untold.response_codec(), io::Compression::None);
    EXPECT_GT(untold.wire_bytes(), 0u);

    // The export itself: the same bytes as before, the codec "none".
    const auto out = scratch("small.csv");
    const auto result = ferry("export --table small --file " + out.string() + " --json");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"codec\": \"none\""), std::string::npos) << result.out;
    const std::string csv = read_file(out);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1001);
}

TEST_F(WireCompressionTest, ACodecTheServerDoesNotSendIsAUsageErrorBeforeAnythingIsWritten) {
    make_table("t");
    query("INSERT INTO t VALUES (1, 'a', 1.5, NULL, 2)");
    if (clickhouse::HttpClient(connection()).sends_response(io::Compression::Zstd)) {
        GTEST_SKIP() << "this server sends zstd";
    }
    const auto result = ferry("export --compression zstd --table t --file " + scratch("out.csv").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("does not send zstd-compressed responses over HTTP (probed); it sends: "),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(scratch("out.csv")));
}

/// Exports of every type family Ferry writes, small (one server buffer: 18.16 answers a framed one empty and
/// Ferry asks again) and large (several blocks), are the same bytes whatever travels on the wire.
TEST_F(WireCompressionTest, ExportBytesAreTheSameWithEveryCodecSmallAndLarge) {
    query("CREATE TABLE typed (id UInt64, s String, fs FixedString(3), f64 Float64, f32 Float32, d Date, "
          "dt DateTime, n Nullable(String), e Enum8('a' = 1, 'b\\'q' = 2), arr Array(String), "
          "tup Tuple(UInt8, String), dec Decimal(18, 4)) ENGINE = MergeTree ORDER BY id");
    // NULLs, quotes, separators, tabs/newlines, backslashes, UTF-8, NaN/inf/-0, extremes, empty arrays.
    query("INSERT INTO typed SELECT number, "
          "concat(['', 'a,b', 'q\"uote', 'tab\tnl\nx', 'back\\\\slash', 'Müller'][number % 6 + 1], "
          "toString(number)), toFixedString(['', 'ab', 'xyz'][number % 3 + 1], 3), "
          "[nan, inf, -inf, -0., 1e-7, 123456789.125, 1e21, 0.1][number % 8 + 1] * (number % 5 + 1), "
          "toFloat32(number / 7), toDate('2015-01-01') + number % 3000, "
          "toDateTime('2015-01-01 00:00:00') + number * 37, "
          "if(number % 3 = 0, NULL, ['\\N', 'x', ''][number % 3 + 1]), "
          "CAST(number % 2 + 1 AS Enum8('a' = 1, 'b\\'q' = 2)), "
          "arrayMap(i -> concat('it\\'s', toString(i)), range(number % 3)), "
          "(toUInt8(number % 200), 'tu\tple'), toDecimal64(number / 3, 4) FROM system.numbers LIMIT 60000");
    for (const auto& [name, limit] :
         std::vector<std::pair<std::string, std::string>>{{"small", "1000"}, {"large", "60000"}}) {
        SCOPED_TRACE(name);
        query("CREATE VIEW v_" + name + " AS SELECT * FROM typed ORDER BY id LIMIT " + limit);
        const auto plain = scratch(name + "_none.csv");
        auto result =
            ferry("export --json --compression none --table v_" + name + " --file " + plain.string());
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const auto plain_wire = summary(result).at("wire_bytes").as_int64();
        const std::string expected = read_file(plain);
        ASSERT_GT(expected.size(), name == "large" ? std::size_t{3} << 20 : std::size_t{50'000});
        for (const std::string codec : {"lz4", "gzip"}) {
            SCOPED_TRACE(codec);
            const auto out = scratch(name + "_" + codec + ".csv");
            result = ferry("export --json --compression " + codec + " --table v_" + name + " --file " +
                           out.string());
            ASSERT_EQ(result.exit_code, 0) << result.err;
            EXPECT_EQ(summary(result).at("codec").as_string(), codec);
            if (name == "large") { // the small one may have come back unframed (18.16)
                EXPECT_LT(summary(result).at("wire_bytes").as_int64() * 10, plain_wire * 8);
            }
            EXPECT_EQ(read_file(out), expected);
        }
        // And as TSV, the other dialect.
        const auto tsv_plain = scratch(name + "_none.tsv");
        const auto tsv_lz4 = scratch(name + "_lz4.tsv");
        ASSERT_EQ(
            ferry("export --compression none --table v_" + name + " --file " + tsv_plain.string()).exit_code,
            0);
        ASSERT_EQ(
            ferry("export --compression lz4 --table v_" + name + " --file " + tsv_lz4.string()).exit_code, 0);
        EXPECT_EQ(read_file(tsv_lz4), read_file(tsv_plain));
    }
}

TEST_F(WireCompressionTest, AServerErrorInTheMiddleOfAFramedExportIsReportedAndNoFileIsLeft) {
    // Fails after ~2 MB of answer, i.e. after framed blocks went out.
    query("CREATE VIEW failing AS SELECT number, toString(number) AS s, throwIf(number = 150000) AS boom "
          "FROM system.numbers LIMIT 200000");
    const auto out = scratch("failing.csv");
    auto result = ferry("export --compression lz4 --table failing --file " + out.string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("throwIf"), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(out));
    // Failing at once (HTTP 500; 18.16 frames the exception text too).
    query("CREATE VIEW failing_now AS SELECT throwIf(number = 0) AS boom FROM system.numbers LIMIT 10");
    result = ferry("export --compression lz4 --table failing_now --file " + out.string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("throwIf"), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(WireCompressionTest, UnknownCodecNameIsRefusedWithTheChoices) {
    const auto result = ferry("tables --compression brotli");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("--compression must be auto, none, zstd, gzip or lz4, not 'brotli'"),
              std::string::npos)
        << result.err;
}

} // namespace
} // namespace ferry::test
