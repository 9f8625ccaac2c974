#include "io/compressing_read_stream.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

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
            for (int i = 0; i < 300; ++i) {
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
    auto decoded = decoder(GetParam(), std::make_unique<MemoryReadStream>(compress_all(GetParam(), plain)));
    EXPECT_EQ(read_all(*decoded, 100), plain);
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompressingReadStreamTest,
                         ::testing::Values(Compression::Gzip, Compression::Zstd),
                         [](const auto& info) { return std::string(wire_name(info.param)); });

TEST(WireCodecTest, NamesAndContentEncodings) {
    EXPECT_EQ(wire_name(Compression::None), "none");
    EXPECT_EQ(content_encoding(Compression::None), "");
    EXPECT_EQ(content_encoding(Compression::Gzip), "gzip");
    EXPECT_EQ(content_encoding(Compression::Zstd), "zstd");
    EXPECT_EQ(from_content_encoding("GZIP"), Compression::Gzip);
    EXPECT_EQ(from_content_encoding("zstd"), Compression::Zstd);
    EXPECT_EQ(from_content_encoding(""), Compression::None);
    EXPECT_EQ(from_content_encoding("br"), std::nullopt);
    EXPECT_EQ(make_wire_compressor(Compression::None, *std::make_unique<StringWriteStream>()), nullptr);
}

} // namespace
} // namespace ferry::io
