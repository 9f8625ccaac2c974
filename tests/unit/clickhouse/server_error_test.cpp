#include "clickhouse/server_error.h"

#include <gtest/gtest.h>

using ferry::clickhouse::find_trailing_exception;
using ferry::clickhouse::is_auth_error_code;
using ferry::clickhouse::parse_server_error;

TEST(ParseServerError, ClickHouse18Format) {
    const auto error = parse_server_error(
        "Code: 60, e.displayText() = DB::Exception: Table default.nosuch doesn't exist., e.what() = "
        "DB::Exception\n");
    EXPECT_EQ(error.code, 60);
    EXPECT_EQ(error.message, "Table default.nosuch doesn't exist.");
}

TEST(ParseServerError, ClickHouse19FormatWithVersion) {
    const auto error = parse_server_error(
        "Code: 516, e.displayText() = DB::Exception: ferry: Authentication failed (version 19.17.4.11)\n");
    EXPECT_EQ(error.code, 516);
    EXPECT_EQ(error.message, "ferry: Authentication failed");
}

TEST(ParseServerError, ModernFormat) {
    const auto error = parse_server_error(
        "Code: 60. DB::Exception: Table default.nosuch does not exist. (UNKNOWN_TABLE) (version 23.8.2.7 "
        "(official build))\n");
    EXPECT_EQ(error.code, 60);
    EXPECT_EQ(error.message, "Table default.nosuch does not exist.");
}

TEST(ParseServerError, ModernAuthFailure) {
    const auto error = parse_server_error(
        "Code: 516. DB::Exception: ferry: Authentication failed: password is incorrect, or there is no user "
        "with such name. (AUTHENTICATION_FAILED) (version 24.3.1.1)");
    EXPECT_EQ(error.code, 516);
    EXPECT_EQ(error.message,
              "ferry: Authentication failed: password is incorrect, or there is no user with such name.");
}

TEST(ParseServerError, KeepsParenthesesThatAreNotACodeName) {
    const auto error = parse_server_error("Code: 62. DB::Exception: Syntax error (at end of query)");
    EXPECT_EQ(error.code, 62);
    EXPECT_EQ(error.message, "Syntax error (at end of query)");
}

TEST(ParseServerError, DropsStackTrace) {
    const auto error = parse_server_error("Code: 1. DB::Exception: Boom. Stack trace:\n\n0. f()\n1. g()\n");
    EXPECT_EQ(error.message, "Boom.");
}

TEST(ParseServerError, TextWithoutCode) {
    const auto error = parse_server_error("  <html>Bad gateway</html>\n");
    EXPECT_EQ(error.code, 0);
    EXPECT_EQ(error.message, "<html>Bad gateway</html>");
}

TEST(FindTrailingException, ClickHouse18AfterRows) {
    const auto error = find_trailing_exception("458750\t0\n458751\t0\nCode: 395, e.displayText() = "
                                               "DB::Exception: Value passed to 'throwIf' function "
                                               "is non zero, e.what() = DB::Exception\n");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, 395);
    EXPECT_EQ(error->message, "Value passed to 'throwIf' function is non zero");
}

TEST(FindTrailingException, ModernAfterRows) {
    const auto error = find_trailing_exception("1\n2\nCode: 241. DB::Exception: Memory limit exceeded. "
                                               "(MEMORY_LIMIT_EXCEEDED) (version 23.3.1.1)\n");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, 241);
}

TEST(FindTrailingException, WholeBody) {
    EXPECT_TRUE(
        find_trailing_exception("Code: 1, e.displayText() = DB::Exception: x, e.what() = DB::Exception"));
}

TEST(FindTrailingException, OrdinaryDataIsNotAnException) {
    EXPECT_FALSE(find_trailing_exception(""));
    EXPECT_FALSE(find_trailing_exception("1\t2\n3\t4\n"));
    EXPECT_FALSE(find_trailing_exception("a\nCode: 12\n"));
    EXPECT_FALSE(find_trailing_exception("a\nCode: 60 is a code\n"));
    EXPECT_FALSE(find_trailing_exception("a\tCode: 60, e.displayText() = DB::Exception: x\n"));
}

TEST(IsAuthErrorCode, Codes) {
    for (const int code : {192, 193, 194, 516}) {
        EXPECT_TRUE(is_auth_error_code(code)) << code;
    }
    EXPECT_FALSE(is_auth_error_code(60));
    EXPECT_FALSE(is_auth_error_code(0));
}
