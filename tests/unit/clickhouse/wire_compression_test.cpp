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

TEST(WireCompressionTest, ParsesTheNamesAndRefusesOthersWithAdvice) {
    EXPECT_EQ(parse_wire_compression("auto", "--compression"), WireCompression::Auto);
    EXPECT_EQ(parse_wire_compression("none", "--compression"), WireCompression::None);
    EXPECT_EQ(parse_wire_compression("gzip", "--compression"), WireCompression::Gzip);
    EXPECT_EQ(parse_wire_compression("zstd", "--compression"), WireCompression::Zstd);
    try {
        parse_wire_compression("br", "connection.compression");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_STREQ(e.what(), "connection.compression must be auto, none, zstd or gzip, not 'br'");
    }
    EXPECT_THROW(parse_wire_compression("lz4", "--compression"), Error);
    EXPECT_THROW(parse_wire_compression("GZIP", "--compression"), Error);
}

TEST(WireCompressionTest, LoopbackAddresses) {
    EXPECT_TRUE(is_loopback_address("127.0.0.1"));
    EXPECT_TRUE(is_loopback_address("127.1.2.3"));
    EXPECT_TRUE(is_loopback_address("::1"));
    EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
    EXPECT_FALSE(is_loopback_address("10.253.0.1"));
    EXPECT_FALSE(is_loopback_address("::ffff:10.0.0.1"));
    EXPECT_FALSE(is_loopback_address("2001:db8::1"));
    EXPECT_FALSE(is_loopback_address("localhost")); // a name, not an address: libcurl reports addresses
    EXPECT_FALSE(is_loopback_address(""));
}

TEST(WireCompressionTest, AutoIsNoneToThisMachineWithoutProbing) {
    FakeServer server{{Compression::Gzip, Compression::Zstd}, {}};
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "127.0.0.1", "127.0.0.1", "h:1", server.probe()),
              Compression::None);
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "::1", "::1", "h:1", server.probe()), Compression::None);
    // The machine's own non-loopback address: the bytes never leave it either.
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "192.168.1.5", "192.168.1.5", "h:1", server.probe()),
              Compression::None);
    EXPECT_TRUE(server.asked.empty());
}

TEST(WireCompressionTest, AutoOverALinkPrefersZstdThenGzipThenNone) {
    FakeServer modern{{Compression::Gzip, Compression::Zstd}, {}};
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "10.253.0.2", "10.253.0.1", "h:1", modern.probe()),
              Compression::Zstd);
    FakeServer old{{Compression::Gzip}, {}};
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "10.253.0.2", "10.253.0.1", "h:1", old.probe()),
              Compression::Gzip);
    EXPECT_EQ(old.asked, (std::vector<Compression>{Compression::Zstd, Compression::Gzip}));
    FakeServer none{{}, {}};
    EXPECT_EQ(choose_wire_codec(WireCompression::Auto, "10.253.0.2", "10.253.0.1", "h:1", none.probe()),
              Compression::None);
}

TEST(WireCompressionTest, AnExplicitCodecIsUsedEvenOnLoopbackOrRefusedWithAdvice) {
    FakeServer old{{Compression::Gzip}, {}};
    EXPECT_EQ(choose_wire_codec(WireCompression::Gzip, "127.0.0.1", "127.0.0.1", "h:1", old.probe()),
              Compression::Gzip);
    EXPECT_EQ(choose_wire_codec(WireCompression::None, "10.0.0.2", "10.0.0.1", "h:1", old.probe()),
              Compression::None);
    try {
        choose_wire_codec(WireCompression::Zstd, "127.0.0.1", "127.0.0.1", "db.example:8123", old.probe());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_STREQ(e.what(), "ClickHouse at db.example:8123 does not take zstd-compressed HTTP bodies "
                               "(probed); use --compression auto or gzip");
    }
}

} // namespace
} // namespace ferry::clickhouse
