#include "io/block_frame_decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "common/error.h"
#include "io/block_framed_write_stream.h"
#include "io/memory_stream.h"

namespace ferry::io {
namespace {

std::string sample(std::size_t size) {
    std::mt19937 rng(11);
    std::string out;
    while (out.size() < size) {
        if (rng() % 8 == 0) {
            for (int i = 0; i < 20; ++i) {
                out += static_cast<char>(rng());
            }
        } else {
            out += std::to_string(rng() % 100000) + "\tMüller\t2024-01-0" + std::to_string(rng() % 9 + 1) + "\n";
        }
    }
    return out;
}

std::string frame(Compression codec, std::string_view plain) {
    StringWriteStream sink;
    BlockFramedWriteStream framed(sink, codec);
    framed.write(plain);
    framed.finish();
    return sink.data();
}

/// Decodes `framed` fed in pieces of `chunk` bytes.
std::string decode(std::string_view framed, std::size_t chunk, BlockFrameDecoder** seen = nullptr) {
    std::string out;
    BlockFrameDecoder decoder([&out](std::string_view plain) { out.append(plain); });
    for (std::size_t i = 0; i < framed.size(); i += chunk) {
        decoder.feed(framed.substr(i, chunk));
    }
    decoder.finish();
    decoder.throw_if_plain_tail();
    (void)seen;
    return out;
}

std::string error_of(const std::function<void()>& run) {
    try {
        run();
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Connection);
        return error.what();
    }
    return "(no error)";
}

class BlockFrameDecoderCodecs : public ::testing::TestWithParam<Compression> {};

TEST_P(BlockFrameDecoderCodecs, DecodesExactBytesWhateverTheChunking) {
    const std::string plain = sample(3'500'000); // four blocks, the last one partial
    const std::string framed = frame(GetParam(), plain);
    ASSERT_LT(framed.size(), plain.size());
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{25}, std::size_t{16384},
                                    std::size_t{1} << 20, framed.size()}) {
        SCOPED_TRACE(chunk);
        EXPECT_EQ(decode(framed, chunk), plain);
    }
}

INSTANTIATE_TEST_SUITE_P(Codecs, BlockFrameDecoderCodecs,
                         ::testing::Values(Compression::Lz4, Compression::Zstd));

TEST(BlockFrameDecoder, EmptyBodyDecodesToNothing) {
    EXPECT_EQ(decode("", 1), "");
}

TEST(BlockFrameDecoder, ReadsStoredBlocks) {
    std::string block(16, '\0');
    block += '\x02';
    const std::string data = "1\tx\n";
    const std::uint32_t size = 9 + static_cast<std::uint32_t>(data.size());
    for (int i = 0; i < 4; ++i) {
        block += static_cast<char>((size >> (8 * i)) & 0xff);
    }
    for (int i = 0; i < 4; ++i) {
        block += static_cast<char>((data.size() >> (8 * i)) & 0xff);
    }
    block += data;
    EXPECT_EQ(decode(block + block, 3), data + data);
}

TEST(BlockFrameDecoder, ACutBlockIsAClearError) {
    const std::string framed = frame(Compression::Lz4, sample(100'000));
    const std::string message = error_of([&] { decode(framed.substr(0, framed.size() - 10), 4096); });
    EXPECT_NE(message.find("the compressed answer is corrupt: block 1 (at byte 0) is cut off"), std::string::npos)
        << message;
    // Cut inside the header: too short to be one, so it is a plain tail that names what it is.
    const std::string in_header = error_of([&] { decode(framed.substr(0, 20), 4096); });
    EXPECT_NE(in_header.find("goes on with 20 bytes that are not a compressed block"), std::string::npos)
        << in_header;
}

TEST(BlockFrameDecoder, ACorruptPayloadIsAClearError) {
    for (const auto codec : {Compression::Lz4, Compression::Zstd}) {
        std::string framed = frame(codec, sample(2'500'000));
        const std::size_t second = 16 + (static_cast<unsigned char>(framed[17]) |
                                         static_cast<unsigned char>(framed[18]) << 8 |
                                         static_cast<unsigned char>(framed[19]) << 16);
        // Flip bytes in the second block's payload.
        for (std::size_t i = second + 40; i < second + 80; ++i) {
            framed[i] = static_cast<char>(~framed[i]);
        }
        const std::string message = error_of([&] { decode(framed, 65536); });
        EXPECT_NE(message.find("block 2 (at byte " + std::to_string(second) + ") does not decompress"),
                  std::string::npos)
            << message;
    }
}

TEST(BlockFrameDecoder, ImpossibleSizesAreRefusedBeforeAnyAllocation) {
    std::string framed = frame(Compression::Lz4, "hello");
    framed[24] = '\x7f'; // the plain size becomes ~2 GiB
    const std::string message = error_of([&] { decode(framed, 1); });
    EXPECT_NE(message.find("has impossible sizes"), std::string::npos) << message;
}

TEST(BlockFrameDecoder, KeepsAPlainTextTailForTheCaller) {
    const std::string plain = sample(1'200'000);
    const std::string exception = "Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf'\n";
    const std::string framed = frame(Compression::Lz4, plain) + exception;
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{30}, framed.size()}) {
        std::string out;
        BlockFrameDecoder decoder([&out](std::string_view bytes) { out.append(bytes); });
        for (std::size_t i = 0; i < framed.size(); i += chunk) {
            decoder.feed(std::string_view(framed).substr(i, chunk));
        }
        decoder.finish();
        EXPECT_EQ(out, plain);
        EXPECT_EQ(decoder.plain_tail(), exception);
        EXPECT_EQ(decoder.blocks(), 2u);
    }
}

TEST(BlockFrameDecoder, AnUnframedBodyIsNotReadAsData) {
    // What a server that ignores compress=1 would send.
    std::string out;
    BlockFrameDecoder decoder([&out](std::string_view bytes) { out.append(bytes); });
    decoder.feed("1\tMüller\t2024-01-01\n2\tSmith\t2024-01-02\n");
    decoder.finish();
    EXPECT_EQ(out, "");
    const std::string message = error_of([&] { decoder.throw_if_plain_tail(); });
    EXPECT_NE(message.find("after 0 blocks (0 bytes) it goes on with 40 bytes that are not a compressed block"),
              std::string::npos)
        << message;
}

} // namespace
} // namespace ferry::io
