#include "pipeline/partition_expression.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::pipeline {
namespace {

std::string refusal(std::string_view expression) {
    try {
        contained_partition_expression(expression);
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Usage);
        return error.what();
    }
    return "accepted";
}

TEST(PartitionExpression, AcceptsExpressionsAndWrapsThemInBrackets) {
    EXPECT_EQ(contained_partition_expression("toYYYYMM(day)"), "(toYYYYMM(day))");
    EXPECT_EQ(contained_partition_expression("extract(YEAR FROM day)"), "(extract(YEAR FROM day))");
    EXPECT_EQ(contained_partition_expression("if(x = ';', 'a,b', `from`)"), "(if(x = ';', 'a,b', `from`))");
    EXPECT_EQ(contained_partition_expression("cast(n AS String)"), "(cast(n AS String))");
    EXPECT_EQ(contained_partition_expression("x % 4"), "(x % 4)");
}

TEST(PartitionExpression, RefusesWhatCouldLeaveTheExpression) {
    EXPECT_NE(refusal("id; DROP TABLE t").find("';' is not allowed at position 3"), std::string::npos);
    EXPECT_NE(refusal("id) FROM t UNION ALL SELECT (1").find("')' does not close"), std::string::npos);
    EXPECT_NE(refusal("(SELECT max(id) FROM t)").find("subqueries"), std::string::npos);
    EXPECT_NE(refusal("id FROM other").find("'FROM' outside brackets"), std::string::npos);
    EXPECT_NE(refusal("id, day").find("comma outside brackets"), std::string::npos);
    EXPECT_NE(refusal("id -- comment").find("comments"), std::string::npos);
    EXPECT_NE(refusal("id /* x */").find("comments"), std::string::npos);
    EXPECT_NE(refusal("id SETTINGS max_threads = 1").find("'SETTINGS'"), std::string::npos);
    EXPECT_NE(refusal("id AS p").find("'AS'"), std::string::npos);
    EXPECT_NE(refusal("f('unterminated)").find("quote is not closed"), std::string::npos);
    EXPECT_NE(refusal("f(x").find("bracket is not closed"), std::string::npos);
    EXPECT_NE(refusal("  ").find("empty"), std::string::npos);
    EXPECT_NE(refusal("'it\\'s' FORMAT JSON").find("'FORMAT'"), std::string::npos);
}

} // namespace
} // namespace ferry::pipeline
