#include "formats/sniffer/extra_header_rows.h"

#include <gtest/gtest.h>

#include "formats/sniffer/sample_rows.h"
#include "formats/sniffer/sniffer.h"

namespace ferry::formats::sniffer {
namespace {

/// Extra header rows of `text`, whose first line is the header.
std::size_t extra_of(std::string_view text) {
    const auto rows = split_rows(text, ',', '"', 1000, true);
    return extra_header_rows(std::span<const SampleRow>(rows).subspan(1), rows[0].fields.size(), false);
}

TEST(ExtraHeaderRows, UnitsAndDescriptionsBelowTheHeader) {
    EXPECT_EQ(extra_of("id,price,day\n(n),(EUR),(date)\n1,1.5,2024-01-01\n2,2.5,2024-01-02\n"), 1u);
    // Two rows: the first alone only fails the types once the second is left out too.
    EXPECT_EQ(extra_of("id,price,day\n(n),(EUR),(date)\nnumber,amount,when\n1,1.5,2024-01-01\n2,2,2024-01-02\n"),
              2u);
}

TEST(ExtraHeaderRows, DataRowsAreNot) {
    EXPECT_EQ(extra_of("id,price,day\n1,1.5,2024-01-01\n2,2.5,2024-01-02\n3,3,2024-01-03\n"), 0u);
    // One typed cell that fits: data with a bad value, not a header.
    EXPECT_EQ(extra_of("id,price\nx,1.5\n1,1.5\n2,2.5\n"), 0u);
    // An empty cell: not a header row.
    EXPECT_EQ(extra_of("id,price\n(n),\n1,1.5\n2,2.5\n"), 0u);
    // All-text columns say nothing.
    EXPECT_EQ(extra_of("name,city\n(who),(where)\nAnn,Paris\nBob,Lyon\n"), 0u);
    // Too few rows below to type the columns.
    EXPECT_EQ(extra_of("id,price\n(n),(EUR)\n1,1.5\n"), 0u);
}

TEST(ExtraHeaderRows, TheSnifferTypesWithoutThemAndReportsThemAsBadRows) {
    io::FileSample sample;
    sample.start = "id,price,day\n(n),(EUR),(date)\n1,1.5,2024-01-01\n2,2.5,2024-01-02\n";
    sample.whole_file = true;
    const auto result = Sniffer(sample, ',').sniff();
    ASSERT_EQ(result.columns.size(), 3u);
    EXPECT_EQ(result.columns[0].type, "Int64");
    EXPECT_EQ(result.columns[1].type, "Float64");
    EXPECT_EQ(result.columns[2].type, "Date");
    ASSERT_EQ(result.bad_rows.size(), 1u);
    EXPECT_EQ(result.bad_rows[0].line, 2u);
    EXPECT_NE(result.bad_rows[0].reason.find("another header row"), std::string::npos);
    EXPECT_EQ(result.bad_row_count, 1u);
}

TEST(SpaceDelimiter, ATableSeparatedBySpacesWithThreeColumnsOrMore) {
    io::FileSample sample;
    sample.start = "id name price\n1 Ann 1.5\n2 \"Bo Lee\" 2.5\n3 Cy 3\n";
    sample.whole_file = true;
    const auto result = Sniffer(sample, ',').sniff();
    EXPECT_EQ(result.dialect.delimiter, ' ');
    ASSERT_EQ(result.columns.size(), 3u);
    EXPECT_EQ(result.columns[2].type, "Float64");
    // One value with a space in it is not two columns.
    sample.start = "at\n2024-01-01 10:00:00\n2024-01-02 11:00:00\n";
    EXPECT_EQ(Sniffer(sample, ',').sniff().columns.size(), 1u);
}

} // namespace
} // namespace ferry::formats::sniffer
