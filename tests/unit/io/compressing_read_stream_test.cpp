#include "io/compressing_read_stream.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <zstd.h>

#include <memory>
#include <random>
#include <string>

#include "io/block_framed_write_stream.h"
#include "io/gzip_stream.h"
#include "io/memory_stream.h"
#include "io/wire_codec.h"
#include "io/zstd_stream.h"

namespace ferry::io {
namespace {

/// Text that compresses (repeated words) with incompressible stretches, larger than several input blocks.
std::string sample(std::size_t size) {
    std::mt19937 rng(7);
    std::string out;
    while (out.size() < size) {
        if (rng() % 8 == 0) {
            for (int i = 0; i < 20; ++i) {
                out += static_cast<char>(rng());
            }
        } else {
            out += "id=" + std::to_string(rng() % 1000) + ",name=\"Müller\"\n";
        }
    }
    return out;
}

std::string read_all(ReadStream& stream, std::size_t chunk) {
    std::string out;
    std::string buffer(chunk, '\0');
    while (const std::size_t n = stream.read(buffer.data(), buffer.size())) {
        out.append(buffer.data(), n);
    }
    return out;
}

std::unique_ptr<ReadStream> decoder(Compression codec, std::unique_ptr<ReadStream> source) {
    if (codec == Compression::Gzip) {
        return std::make_unique<GzipReadStream>(std::move(source), "wire");
    }
    return std::make_unique<ZstdReadStream>(std::move(source), "wire");
}

class CompressingReadStreamTest : public ::testing::TestWithParam<Compression> {};

TEST_P(CompressingReadStreamTest, RoundTripsExactBytesWhateverTheReadSize) {
    const std::string plain = sample(3 << 20);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{4096}, std::size_t{5} << 20}) {
        SCOPED_TRACE(chunk);
        // Small reads of the source as well, so the compressor sees many short writes.
        MemoryReadStream source(plain, chunk == 1 ? 100'000 : plain.size());
        CompressingReadStream compressing(source, GetParam());
        const std::string compressed = read_all(compressing, chunk == 1 ? 777 : chunk);
        EXPECT_EQ(compressing.compressed_bytes(), compressed.size());
        EXPECT_EQ(compressing.raw_bytes_read(), plain.size());
        EXPECT_LT(compressed.size(), plain.size() / 2);
        auto decoded = decoder(GetParam(), std::make_unique<MemoryReadStream>(compressed));
        EXPECT_TRUE(read_all(*decoded, 65536) == plain);
        // Ended for good: more reads return nothing.
        char byte;
        EXPECT_EQ(compressing.read(&byte, 1), 0u);
    }
}

TEST_P(CompressingReadStreamTest, EmptySourceGivesAValidEmptyStream) {
    MemoryReadStream source("");
    CompressingReadStream compressing(source, GetParam());
    const std::string compressed = read_all(compressing, 100);
    EXPECT_FALSE(compressed.empty()); // header and trailer
    auto decoded = decoder(GetParam(), std::make_unique<MemoryReadStream>(compressed));
    EXPECT_EQ(read_all(*decoded, 100), "");
}

TEST_P(CompressingReadStreamTest, CompressAllMatchesTheStream) {
    const std::string plain = "SELECT 1";
    const std::string compressed = compress_all(GetParam(), WireFraming::ContentEncoding, plain);
    auto decoded = decoder(GetParam(), std::make_unique<MemoryReadStream>(compressed));
    EXPECT_EQ(read_all(*decoded, 100), plain);
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompressingReadStreamTest,
                         ::testing::Values(Compression::Gzip, Compression::Zstd),
                         [](const auto& info) { return std::string(wire_name(info.param)); });

/// Decodes ClickHouse block framing (what the server does with `decompress=1`), checking every header.
std::string decode_blocks(std::string_view framed, unsigned char expected_method) {
    std::string out;
    auto u32 = [](const char* p) {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) {
            v = (v << 8) | static_cast<unsigned char>(p[i]);
        }
        return v;
    };
    while (!framed.empty()) {
        EXPECT_GE(framed.size(), BlockFramedWriteStream::kHeaderSize);
        EXPECT_EQ(std::string(framed.substr(0, 16)), std::string(16, '\0')); // checksum not computed
        EXPECT_EQ(static_cast<unsigned char>(framed[16]), expected_method);
        const std::uint32_t compressed = u32(framed.data() + 17);
        const std::uint32_t plain = u32(framed.data() + 21);
        EXPECT_LE(plain, std::size_t{1} << 20);
        std::string block(plain, '\0');
        const char* payload = framed.data() + BlockFramedWriteStream::kHeaderSize;
        const std::size_t payload_size = compressed - 9;
        if (expected_method == 0x90) {
            EXPECT_EQ(ZSTD_decompress(block.data(), plain, payload, payload_size), plain);
        } else {
            EXPECT_EQ(LZ4_decompress_safe(payload, block.data(), static_cast<int>(payload_size),
                                          static_cast<int>(plain)),
                      static_cast<int>(plain));
        }
        out += block;
        framed.remove_prefix(16 + compressed);
    }
    return out;
}

TEST(BlockFramedWriteStreamTest, ZstdAndLz4BlocksOfAtMostOneMegabyteRoundTrip) {
    const std::string plain = sample((5 << 20) + 123);
    for (const auto& [codec, method] :
         {std::pair{Compression::Zstd, 0x90}, std::pair{Compression::Lz4, 0x82}}) {
        SCOPED_TRACE(wire_name(codec));
        MemoryReadStream source(plain, 300'000);
        CompressingReadStream compressing(source, codec, WireFraming::ClickHouseBlocks);
        const std::string framed = read_all(compressing, 65536);
        EXPECT_LT(framed.size(), plain.size() / 2);
        EXPECT_TRUE(decode_blocks(framed, static_cast<unsigned char>(method)) == plain);
    }
    EXPECT_EQ(compress_all(Compression::Zstd, WireFraming::ClickHouseBlocks, ""), ""); // no block at all
}

TEST(WireCodecTest, NamesAndContentEncodings) {
    EXPECT_EQ(wire_name(Compression::None), "none");
    EXPECT_EQ(content_encoding(Compression::None), "");
    EXPECT_EQ(content_encoding(Compression::Gzip), "gzip");
    EXPECT_EQ(content_encoding(Compression::Zstd), "zstd");
    EXPECT_EQ(from_content_encoding("GZIP"), Compression::Gzip);
    EXPECT_EQ(from_content_encoding("zstd"), Compression::Zstd);
    EXPECT_EQ(from_content_encoding(""), Compression::None);
    EXPECT_EQ(from_content_encoding("br"), std::nullopt);
    StringWriteStream sink;
    EXPECT_EQ(make_wire_compressor(Compression::None, WireFraming::ContentEncoding, sink), nullptr);
}

} // namespace
} // namespace ferry::io
