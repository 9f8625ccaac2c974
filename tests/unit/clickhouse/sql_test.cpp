#include "clickhouse/sql.h"

#include <gtest/gtest.h>

using namespace std::string_literals;
using ferry::clickhouse::quote_identifier;
using ferry::clickhouse::quote_string;

TEST(QuoteIdentifier, PlainName) {
    EXPECT_EQ(quote_identifier("events"), "`events`");
}

TEST(QuoteIdentifier, EscapesBackticksAndBackslashes) {
    EXPECT_EQ(quote_identifier("a`b"), "`a\\`b`");
    EXPECT_EQ(quote_identifier("a\\b"), "`a\\\\b`");
    EXPECT_EQ(quote_identifier("`"), "`\\``");
    EXPECT_EQ(quote_identifier("\\`"), "`\\\\\\``");
}

TEST(QuoteIdentifier, KeepsOtherQuotesAndUtf8) {
    EXPECT_EQ(quote_identifier("it's \"x\""), "`it's \"x\"`");
    EXPECT_EQ(quote_identifier("größe"), "`größe`");
}

TEST(QuoteIdentifier, EscapesControlBytes) {
    EXPECT_EQ(quote_identifier("a\nb\tc\0d"s), "`a\\nb\\tc\\0d`");
    EXPECT_EQ(quote_identifier("\x01"), "`\\x01`");
}

TEST(QuoteIdentifier, InjectionAttemptStaysOneIdentifier) {
    EXPECT_EQ(quote_identifier("a`; DROP TABLE x; --"), "`a\\`; DROP TABLE x; --`");
}

TEST(QuoteString, PlainText) {
    EXPECT_EQ(quote_string("hello"), "'hello'");
    EXPECT_EQ(quote_string(""), "''");
}

TEST(QuoteString, EscapesQuotesAndBackslashes) {
    EXPECT_EQ(quote_string("it's"), "'it\\'s'");
    EXPECT_EQ(quote_string("a\\b"), "'a\\\\b'");
    EXPECT_EQ(quote_string("\\'"), "'\\\\\\''");
    EXPECT_EQ(quote_string("`x`"), "'`x`'");
}

TEST(QuoteString, EscapesControlBytes) {
    EXPECT_EQ(quote_string("line1\nline2\r\n"), "'line1\\nline2\\r\\n'");
    EXPECT_EQ(quote_string("a\tb"), "'a\\tb'");
    EXPECT_EQ(quote_string("nul\0byte"s), "'nul\\0byte'");
    EXPECT_EQ(quote_string("\b\f"), "'\\b\\f'");
    EXPECT_EQ(quote_string("\x1f\x7f"), "'\\x1F\\x7F'");
}

TEST(QuoteString, KeepsUtf8Bytes) {
    EXPECT_EQ(quote_string("é—€"), "'é—€'");
}
