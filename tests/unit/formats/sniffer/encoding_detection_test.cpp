#include "formats/sniffer/encoding_detection.h"

#include <gtest/gtest.h>

#include <string>

namespace ferry::formats::sniffer {
namespace {

using io::TextEncoding;

TEST(EncodingDetection, ByteOrderMarks) {
    EXPECT_EQ(detect_encoding("\xEF\xBB\xBFid,x\n").encoding, TextEncoding::Utf8);
    EXPECT_TRUE(detect_encoding("\xEF\xBB\xBFid,x\n").bom);
    EXPECT_EQ(detect_encoding(std::string("\xFF\xFEi\0d\0", 6)).encoding, TextEncoding::Utf16Le);
    EXPECT_EQ(detect_encoding(std::string("\xFE\xFF\0i\0d", 6)).encoding, TextEncoding::Utf16Be);
}

TEST(EncodingDetection, Utf16WithoutBomByItsZeroBytes) {
    const std::string le("i\0d\0,\0x\0\n\0" "1\0,\0" "2\0\n\0", 18);
    EXPECT_EQ(detect_encoding(le).encoding, TextEncoding::Utf16Le);
    const std::string be("\0i\0d\0,\0x\0\n", 10);
    EXPECT_EQ(detect_encoding(be).encoding, TextEncoding::Utf16Be);
}

TEST(EncodingDetection, Utf8EvenWhenTheSampleCutsACharacter) {
    EXPECT_EQ(detect_encoding("name\nZo\xC3\xAB\n").encoding, TextEncoding::Utf8);
    EXPECT_EQ(detect_encoding("name\nZo\xC3").encoding, TextEncoding::Utf8); // cut by the sample end
    EXPECT_EQ(detect_encoding("plain ascii").confidence, 1.0);
}

TEST(EncodingDetection, InvalidUtf8IsWindows1252OrLatin1) {
    EXPECT_EQ(detect_encoding("name\nZo\xEB\n").encoding, TextEncoding::Windows1252);
    EXPECT_EQ(detect_encoding("price\n2 \x80\n").encoding, TextEncoding::Windows1252);
    // 0x81 is undefined in Windows-1252: only Latin-1 reads every byte
    EXPECT_EQ(detect_encoding("x\n\x81\xE9\n").encoding, TextEncoding::Latin1);
}

TEST(EncodingDetection, Utf8Validity) {
    EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80 "));    // a surrogate
    EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));     // bad continuation
}

} // namespace
} // namespace ferry::formats::sniffer
