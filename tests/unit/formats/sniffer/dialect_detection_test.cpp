#include "formats/sniffer/dialect_detection.h"

#include <gtest/gtest.h>

#include <string>

namespace ferry::formats::sniffer {
namespace {

DialectGuess guess(std::string_view text, char fallback = ',') {
    return detect_dialect(text, true, std::nullopt, std::nullopt, fallback);
}

TEST(DialectDetection, StandardDelimiters) {
    EXPECT_EQ(guess("a,b,c\n1,2,3\n4,5,6\n").delimiter, ',');
    EXPECT_EQ(guess("a;b;c\n1;2;3\n4;5;6\n").delimiter, ';');
    EXPECT_EQ(guess("a\tb\tc\n1\t2\t3\n").delimiter, '\t');
    EXPECT_EQ(guess("a|b|c\n1|2|3\n").delimiter, '|');
}

TEST(DialectDetection, SemicolonWithDecimalCommasIsNotCommaDelimited) {
    const auto g = guess("id;name;price\n1;Apple;1,50\n2;Pear;2,25\n3;Fig;0,99\n");
    EXPECT_EQ(g.delimiter, ';');
    EXPECT_EQ(g.width, 3u);
    EXPECT_GT(g.confidence, 0.5);
}

TEST(DialectDetection, OtherBytesThatWin) {
    EXPECT_EQ(guess("a^b^c\n1^2^3\n4^5^6\n").delimiter, '^');
    EXPECT_EQ(guess("1\x01x\x01" "2\n3\x01y\x01" "4\n").delimiter, '\x01');
    // Times hold ':' on every line, but ':' is never a candidate.
    EXPECT_EQ(guess("t\n10:00:00\n11:00:00\n").delimiter, ',');
}

TEST(DialectDetection, QuotedDelimitersDoNotSplitFields) {
    const auto g = guess("id,name\n1,\"a;b;c\"\n2,\"d;e;f\"\n3,\"g;h;i\"\n");
    EXPECT_EQ(g.delimiter, ',');
    EXPECT_EQ(g.quote, '"');
    EXPECT_EQ(g.width, 2u);
}

TEST(DialectDetection, SingleQuotes) {
    const auto g = guess("id,name\n1,'Smith, J'\n2,'Doe, J'\n3,'Roe, R'\n");
    EXPECT_EQ(g.quote, '\'');
    EXPECT_EQ(g.width, 2u);
}

TEST(DialectDetection, TitlesBlankLinesAndCommentsAreSkipped) {
    EXPECT_EQ(guess("Report\nQ1 2024\n\nid,x\n1,2\n3,4\n").skip_lines, 3u);
    EXPECT_EQ(guess("# a\n# b\nid,x\n1,2\n").skip_lines, 2u);
    EXPECT_EQ(guess("id,x\n1,2\n").skip_lines, 0u);
}

TEST(DialectDetection, OneColumnFilesKeepTheFallback) {
    const auto g = guess("name\nAnn\nBob\n", '\t');
    EXPECT_EQ(g.delimiter, '\t');
    EXPECT_EQ(g.width, 1u);
    EXPECT_LE(g.confidence, 0.5);
}

TEST(DialectDetection, AGivenDelimiterIsKept) {
    const auto g = detect_dialect("a;b\n1;2\n", true, ',', std::nullopt, ',');
    EXPECT_EQ(g.delimiter, ',');
    EXPECT_EQ(g.width, 1u);
}

TEST(DialectDetection, BackslashEscapedQuotesAreDetectedOnlyWhenTheyExplainTheFile) {
    const auto escaped = guess("id,said\n1,\"He said \\\"hi, there\\\"\"\n2,\"a \\\"b\\\" c\"\n3,plain\n");
    EXPECT_EQ(escaped.delimiter, ',');
    EXPECT_EQ(escaped.escape, '\\');
    EXPECT_EQ(escaped.width, 2u);
    // Directories ending in a backslash read fine without an escape: none is chosen.
    EXPECT_EQ(guess("id,dir,n\n1,\"C:\\Temp\\\",3\n2,\"D:\\Out\\\",4\n").escape, 0);
    // RFC 4180 doubled quotes: no escape.
    EXPECT_EQ(guess("id,said\n1,\"say \"\"hi\"\"\"\n2,x\n").escape, 0);
    // A given escape is kept.
    EXPECT_EQ(detect_dialect("a,b\n1,2\n", true, std::nullopt, std::nullopt, ',', '\\').escape, '\\');
}

} // namespace
} // namespace ferry::formats::sniffer
