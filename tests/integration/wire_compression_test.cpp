/// Compression on the wire against the real server: the probe agrees with what the server does, every codec
/// it takes round-trips exact values both ways, "auto" picks none towards this machine, and the `--json`
/// summary says which codec ran and how many bytes crossed the wire.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "clickhouse/http_client.h"
#include "clickhouse/wire_compression.h"
#include "common/error.h"
#include "io/wire_codec.h"
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
    // Not offered at all: gzip has no block method, libcurl cannot decode lz4 responses.
    EXPECT_FALSE(client.takes_request(io::Compression::Gzip, io::WireFraming::ClickHouseBlocks));
    EXPECT_FALSE(client.sends_response(io::Compression::Lz4));
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

TEST_F(WireCompressionTest, ACodecTheServerDoesNotSendIsAUsageErrorBeforeAnythingIsWritten) {
    make_table("t");
    query("INSERT INTO t VALUES (1, 'a', 1.5, NULL, 2)");
    // No server sends lz4 responses over HTTP that libcurl could decode.
    const auto result = ferry("export --compression lz4 --table t --file " + scratch("out.csv").string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("does not send lz4-compressed responses over HTTP (probed); it sends: "),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(scratch("out.csv")));
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
