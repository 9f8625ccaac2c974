#include "io/transcoding_read_stream.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "io/memory_stream.h"

namespace ferry::io {
namespace {

/// Everything `encoding` bytes give, read `chunk` bytes at a time from the source and `out_chunk` out.
std::string transcode(const std::string& bytes, TextEncoding encoding, std::size_t chunk, std::size_t out_chunk = 4096) {
    auto stream = decode_as_utf8(std::make_unique<MemoryReadStream>(bytes, chunk), encoding);
    std::string out;
    std::string buffer(out_chunk, '\0');
    while (const std::size_t n = stream->read(buffer.data(), buffer.size())) {
        out.append(buffer.data(), n);
    }
    return out;
}

TEST(TranscodingReadStream, Utf16LittleEndianWithABom) {
    // "\uFEFFid\t€\n" with a surrogate pair (U+1F600) too.
    const std::string le("\xFF\xFEi\0d\0\t\0\xAC\x20\x3D\xD8\x00\xDE\n\0", 16);
    for (std::size_t chunk : {1u, 3u, 1000u}) {
        EXPECT_EQ(transcode(le, TextEncoding::Utf16Le, chunk), "\xEF\xBB\xBFid\t\xE2\x82\xAC\xF0\x9F\x98\x80\n")
            << chunk;
    }
}

TEST(TranscodingReadStream, Utf16BigEndian) {
    EXPECT_EQ(transcode(std::string("\0a\0\xE9", 4), TextEncoding::Utf16Be, 1), "a\xC3\xA9");
}

TEST(TranscodingReadStream, Windows1252AndLatin1) {
    EXPECT_EQ(transcode("caf\xE9 \x80", TextEncoding::Windows1252, 2), "caf\xC3\xA9 \xE2\x82\xAC");
    EXPECT_EQ(transcode("\x81\xE9", TextEncoding::Latin1, 1), "\xC2\x81\xC3\xA9");
}

TEST(TranscodingReadStream, Utf8PassesThroughUntouched) {
    auto input = std::make_unique<MemoryReadStream>("abc");
    auto* raw = input.get();
    EXPECT_EQ(decode_as_utf8(std::move(input), TextEncoding::Utf8).get(), raw);
}

TEST(TranscodingReadStream, BadBytesAndTruncatedCharactersAreErrors) {
    try {
        transcode("ab\x81", TextEncoding::Windows1252, 10);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        EXPECT_NE(std::string(e.what()).find("byte 3 "), std::string::npos) << e.what();
    }
    EXPECT_THROW(transcode(std::string("a\0b", 3), TextEncoding::Utf16Le, 10), Error);
}

TEST(TranscodingReadStream, DecodeSamplesReplacesBadBytes) {
    EXPECT_EQ(decode_to_utf8(std::string("a\0\x3D\xD8", 4), TextEncoding::Utf16Le), "a"); // cut pair dropped
    EXPECT_EQ(decode_to_utf8("x\x81y", TextEncoding::Windows1252), "x\xEF\xBF\xBDy");
}

} // namespace
} // namespace ferry::io
