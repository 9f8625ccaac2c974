#include "clickhouse/wire_compression.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

using io::Compression;

/// A probe answering from a fixed set, recording what it was asked.
struct FakeServer {
    std::set<Compression> takes;
    std::vector<Compression> asked;
    std::function<bool(Compression)> probe() {
        return [this](Compression codec) {
            asked.push_back(codec);
            return takes.count(codec) > 0;
        };
    }
};

std::function<double()> link(double bytes_per_second, int* calls = nullptr) {
    return [=] {
        if (calls != nullptr) {
            ++*calls;
        }
        return bytes_per_second;
    };
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

TEST(WireCompressionTest, ParsesTheNamesAndRefusesOthersWithTheChoices) {
    EXPECT_EQ(parse_wire_compression("auto", "--compression"), WireCompression::Auto);
    EXPECT_EQ(parse_wire_compression("none", "--compression"), WireCompression::None);
    EXPECT_EQ(parse_wire_compression("gzip", "--compression"), WireCompression::Gzip);
    EXPECT_EQ(parse_wire_compression("zstd", "--compression"), WireCompression::Zstd);
    EXPECT_EQ(parse_wire_compression("lz4", "--compression"), WireCompression::Lz4);
    EXPECT_EQ(message_of([] { parse_wire_compression("br", "connection.compression"); }),
              "connection.compression must be auto, none, zstd, gzip or lz4, not 'br'");
    EXPECT_THROW(parse_wire_compression("GZIP", "--compression"), Error);
}

TEST(WireCompressionTest, LoopbackAndSameMachine) {
    EXPECT_TRUE(is_loopback_address("127.0.0.1"));
    EXPECT_TRUE(is_loopback_address("127.1.2.3"));
    EXPECT_TRUE(is_loopback_address("::1"));
    EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
    EXPECT_FALSE(is_loopback_address("10.253.0.1"));
    EXPECT_FALSE(is_loopback_address("::ffff:10.0.0.1"));
    EXPECT_FALSE(is_loopback_address("2001:db8::1"));
    EXPECT_FALSE(is_loopback_address("localhost")); // a name, not an address: libcurl reports addresses
    EXPECT_FALSE(is_loopback_address(""));
    EXPECT_TRUE(same_machine("127.0.0.1", "127.0.0.1"));
    EXPECT_TRUE(same_machine("192.168.1.5", "192.168.1.5")); // the machine's own address
    EXPECT_FALSE(same_machine("10.253.0.2", "10.253.0.1"));
    EXPECT_FALSE(same_machine("", ""));
}

TEST(WireCompressionTest, AutoIsNoneToThisMachineWithoutProbing) {
    FakeServer server{{Compression::Gzip, Compression::Zstd}, {}};
    int measured = 0;
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, true, "h:1", server.probe()), Compression::None);
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, true, "h:1", server.probe(), link(1e6, &measured)),
              Compression::None);
    EXPECT_TRUE(server.asked.empty());
    EXPECT_EQ(measured, 0);
}

TEST(WireCompressionTest, AutoRequestsOverALinkPreferZstdThenGzipThenLz4) {
    FakeServer modern{{Compression::Gzip, Compression::Zstd}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", modern.probe()), Compression::Zstd);
    FakeServer gzip_only{{Compression::Gzip}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", gzip_only.probe()),
              Compression::Gzip);
    EXPECT_EQ(gzip_only.asked, (std::vector<Compression>{Compression::Zstd, Compression::Gzip}));
    FakeServer lz4_only{{Compression::Lz4}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", lz4_only.probe()), Compression::Lz4);
    FakeServer none{{}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", none.probe()), Compression::None);
}

TEST(WireCompressionTest, AutoRequestsOverAFastLinkSendLz4BlocksAndZstdBelow) {
    FakeServer modern{{Compression::Gzip, Compression::Zstd, Compression::Lz4}, {}};
    int measured = 0;
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(117e6, &measured)),
              Compression::Lz4); // 1 Gbit/s
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(60e6)),
              Compression::Lz4);
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(59e6)),
              Compression::Zstd);
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(25e6)),
              Compression::Zstd); // 200 Mbit/s
    EXPECT_EQ(measured, 1);
    FakeServer no_lz4{{Compression::Gzip, Compression::Zstd}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, false, "h:1", no_lz4.probe(), link(117e6)),
              Compression::Zstd);
    // This machine: none, without measuring; explicit codecs: as asked, without measuring.
    EXPECT_EQ(choose_request_codec(WireCompression::Auto, true, "h:1", modern.probe(), link(1e9, &measured)),
              Compression::None);
    EXPECT_EQ(choose_request_codec(WireCompression::Zstd, false, "h:1", modern.probe(), link(1e9, &measured)),
              Compression::Zstd);
    EXPECT_EQ(measured, 1);
}

TEST(WireCompressionTest, AutoResponsesUseZstdAlwaysAndServerGzipOnlyOnASlowLink) {
    FakeServer modern{{Compression::Gzip, Compression::Zstd}, {}};
    int measured = 0;
    EXPECT_EQ(
        choose_response_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(1e9, &measured)),
        Compression::Zstd);
    EXPECT_EQ(measured, 0); // zstd is cheap enough not to need the link's speed
    FakeServer old{{Compression::Gzip}, {}};
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(25e6, &measured)),
              Compression::Gzip); // 200 Mbit/s
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(125e6, &measured)),
              Compression::None); // 1 Gbit/s: the server's zlib would be the bottleneck
    EXPECT_EQ(measured, 2);
}

TEST(WireCompressionTest, AutoResponsesUseLz4BlocksBetweenASlowLinkAndAVeryFastOne) {
    FakeServer old{{Compression::Gzip, Compression::Lz4}, {}}; // 18.16: gzip and compress=1 blocks
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(25e6)),
              Compression::Gzip); // 200 Mbit/s: the fewest bytes win
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(117e6)),
              Compression::Lz4); // 1 Gbit/s: half the bytes for little server CPU
    // Native answers moved both bounds (wire_compression.h): gzip up to ~40 MB/s, LZ4 up to ~200 MB/s.
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(35e6)),
              Compression::Gzip);
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(180e6)),
              Compression::Lz4);
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(230e6)),
              Compression::None);
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", old.probe(), link(1e9)),
              Compression::None); // 8 Gbit/s: the server's formatting is the bottleneck
    FakeServer modern{{Compression::Gzip, Compression::Zstd, Compression::Lz4}, {}};
    EXPECT_EQ(choose_response_codec(WireCompression::Auto, false, "h:1", modern.probe(), link(117e6)),
              Compression::Zstd);
}

TEST(WireCompressionTest, ASlowLookingLinkIsMeasuredTwiceAndTheBetterRateCounts) {
    std::vector<double> rates = {120e6};
    int calls = 0;
    const auto measure = [&] { return rates[static_cast<std::size_t>(calls++)]; };
    EXPECT_EQ(measured_link_rate(measure), 120e6); // fast: once
    EXPECT_EQ(calls, 1);
    rates = {30e6, 110e6}; // a busy moment, then the link's real rate
    calls = 0;
    EXPECT_EQ(measured_link_rate(measure), 110e6);
    EXPECT_EQ(calls, 2);
    rates = {25e6, 20e6}; // really slow: the better of the two
    calls = 0;
    EXPECT_EQ(measured_link_rate(measure), 25e6);
    EXPECT_EQ(calls, 2);
}

TEST(WireCompressionTest, AutoSendsAnAnswerNoLargerThanTheLinkMeasurementAsItIs) {
    EXPECT_TRUE(answer_too_small_for_a_codec(WireCompression::Auto, 0));
    EXPECT_TRUE(answer_too_small_for_a_codec(WireCompression::Auto, kLinkMeasureBytes));
    EXPECT_FALSE(answer_too_small_for_a_codec(WireCompression::Auto, kLinkMeasureBytes + 1));
    EXPECT_FALSE(answer_too_small_for_a_codec(WireCompression::Auto, std::nullopt)); // size not known
    EXPECT_FALSE(answer_too_small_for_a_codec(WireCompression::Lz4, 10)); // asked for: used
}

TEST(WireCompressionTest, AnExplicitCodecIsUsedEvenOnLoopbackOrRefusedWithAdvice) {
    FakeServer old{{Compression::Gzip, Compression::Lz4}, {}};
    EXPECT_EQ(choose_request_codec(WireCompression::Gzip, true, "h:1", old.probe()), Compression::Gzip);
    EXPECT_EQ(choose_request_codec(WireCompression::Lz4, true, "h:1", old.probe()), Compression::Lz4);
    EXPECT_EQ(choose_request_codec(WireCompression::None, false, "h:1", old.probe()), Compression::None);
    EXPECT_EQ(choose_response_codec(WireCompression::Gzip, true, "h:1", old.probe(), link(1e9)),
              Compression::Gzip);
    EXPECT_EQ(
        message_of([&] { choose_request_codec(WireCompression::Zstd, false, "db:8123", old.probe()); }),
        "ClickHouse at db:8123 does not take zstd-compressed request bodies (probed); it takes: gzip, lz4. "
        "Use --compression auto");
    EXPECT_EQ(choose_response_codec(WireCompression::Lz4, true, "h:1", old.probe(), link(1e9)),
              Compression::Lz4);
    FakeServer gzip_only{{Compression::Gzip}, {}};
    EXPECT_EQ(
        message_of([&] {
            choose_response_codec(WireCompression::Lz4, false, "db:8123", gzip_only.probe(), link(1e6));
        }),
        "ClickHouse at db:8123 does not send lz4-compressed responses over HTTP (probed); it sends: gzip. "
        "Use --compression auto");
}

} // namespace
} // namespace ferry::clickhouse
