#include "common/utf8.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry {
namespace {

TEST(Utf8, ValidTextIsUnchanged) {
    for (const char* text : {"", "plain", "Grüße", "日本語", "emoji \xF0\x9F\x9A\xA2", "nul\0byte"}) {
        EXPECT_EQ(to_valid_utf8(text), text);
    }
}

TEST(Utf8, InvalidSequencesBecomeReplacementCharacters) {
    EXPECT_EQ(to_valid_utf8("a\xFF"
                            "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(to_valid_utf8("\xC3"), "\xEF\xBF\xBD");                                 // cut sequence
    EXPECT_EQ(to_valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong
    EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_EQ(to_valid_utf8("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");        // above U+10FFFF
}

TEST(Utf8, ErrorValuesStayValidWhenCutInsideACharacter) {
    const std::string value = std::string(79, 'x') + "é";
    const std::string shown = printable_value(value, 80);
    EXPECT_EQ(to_valid_utf8(shown), shown);
}

} // namespace
} // namespace ferry
