#include "formats/sniffer/type_outliers.h"

#include <gtest/gtest.h>

#include "formats/sniffer/sniffer.h"

namespace ferry::formats::sniffer {
namespace {

/// `rows` numbers 1..rows in column amount, with `bad` at the given data row indexes.
std::string amounts(int rows, const std::vector<std::pair<int, std::string>>& bad) {
    std::string text = "id,amount\n";
    for (int i = 0; i < rows; ++i) {
        std::string value = std::to_string(i * 3);
        for (const auto& [at, text_value] : bad) {
            if (at == i) {
                value = text_value;
            }
        }
        text += std::to_string(i) + "," + value + "\n";
    }
    return text;
}

std::vector<TypeOutlier> outliers_of(const std::string& text) {
    const auto rows = split_rows(text, ',', '"', 100000, true);
    return type_outliers(std::span<const SampleRow>(rows).subspan(1), 2, false);
}

SniffResult sniff_text(const std::string& text, bool skip) {
    io::FileSample sample;
    sample.start = text;
    sample.whole_file = true;
    return Sniffer(sample, ',').sniff({}, skip);
}

TEST(TypeOutliers, ALoneTextValueAmongNumbers) {
    const auto found = outliers_of(amounts(50, {{20, "n/a"}}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].line, 22u); // header on line 1, data row 20 on line 22
    EXPECT_EQ(found[0].column, 1u);
    EXPECT_EQ(found[0].value, "n/a");
    EXPECT_EQ(found[0].type_without, "Int64");
    EXPECT_EQ(found[0].others, 49u);
}

TEST(TypeOutliers, TextColumnsAndTooManyOutliersAreNot) {
    // Two text values in 50 (more than 1 in 100): the column is text, not damaged.
    EXPECT_TRUE(outliers_of(amounts(50, {{3, "x"}, {30, "y"}})).empty());
    // Up to 1 in 100 of 300 values: three are outliers.
    EXPECT_EQ(outliers_of(amounts(300, {{3, "x"}, {30, "y"}, {200, "z"}})).size(), 3u);
    // Too few others to say what the column is.
    EXPECT_TRUE(outliers_of(amounts(4, {{1, "x"}})).empty());
    // A clean numeric column, and a text column.
    EXPECT_TRUE(outliers_of(amounts(50, {})).empty());
    EXPECT_TRUE(outliers_of("id,name\n1,Ann\n2,Bob\n3,Cy\n4,Di\n5,Ed\n6,Flo\n").empty());
    // The others mix dates and numbers: still a String.
    EXPECT_TRUE(outliers_of("id,x\n1,1\n2,2024-01-01\n3,3\n4,4\n5,5\n6,6\n7,oops\n").empty());
}

TEST(TypeOutliers, StrictSniffingKeepsStringAndSaysWhy) {
    const auto result = sniff_text(amounts(50, {{20, "n/a"}}), false);
    ASSERT_EQ(result.columns.size(), 2u);
    EXPECT_EQ(result.columns[1].type, "String");
    EXPECT_EQ(result.columns[1].note,
              "String because of line 22 ('n/a'); the other 49 sampled values are Int64 (with --on-error skip the "
              "column is Int64 and that row is rejected)");
    EXPECT_EQ(result.bad_row_count, 0u);
}

TEST(TypeOutliers, SkipModeTypesWithoutTheRowAndListsItAsBad) {
    const auto result = sniff_text(amounts(50, {{20, "n/a"}}), true);
    ASSERT_EQ(result.columns.size(), 2u);
    EXPECT_EQ(result.columns[0].type, "Int64");
    EXPECT_EQ(result.columns[1].type, "Int64");
    EXPECT_EQ(result.columns[1].note, "Int64 without line 22 ('n/a'), a value that does not fit: that row is rejected");
    EXPECT_EQ(result.bad_row_count, 1u);
    ASSERT_EQ(result.bad_rows.size(), 1u);
    EXPECT_EQ(result.bad_rows[0].line, 22u);
    EXPECT_EQ(result.bad_rows[0].reason, "column amount: 'n/a' does not fit the Int64 of the other 49 sampled values");
}

} // namespace
} // namespace ferry::formats::sniffer
