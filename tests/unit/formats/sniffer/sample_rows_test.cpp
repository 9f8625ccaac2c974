#include "formats/sniffer/sample_rows.h"

#include <gtest/gtest.h>

#include "formats/sniffer/sniffer.h"

namespace ferry::formats::sniffer {
namespace {

TEST(SampleRows, StrayQuotesAreMarkedWhereAStrictReaderStops) {
    auto rows = split_rows("id,item\n1,5\" pipe\n2,\"a \"\"b\"\"\"\n3,plain\n", ',', '"', 100, true);
    ASSERT_EQ(rows.size(), 4u);
    mark_stray_quotes(rows, '"');
    EXPECT_EQ(rows[1].stray_quote_field, 2u);
    EXPECT_TRUE(rows[1].malformed);
    EXPECT_EQ(rows[2].stray_quote_field, 0u); // quoted, with doubled quotes: fine
    EXPECT_FALSE(rows[2].malformed);
    EXPECT_EQ(rows[3].stray_quote_field, 0u);
    // Without quoting there is nothing stray.
    auto unquoted = split_rows("a\n5\" pipe\n", ',', 0, 100, true);
    mark_stray_quotes(unquoted, 0);
    EXPECT_FALSE(unquoted[1].malformed);
}

/// The schema's bad rows are the rows an import stops at: with strict quotes (the default) a quote inside an
/// unquoted field is one, worded as the reader words it and left out of the types; --quotes lenient reads it.
TEST(SampleRows, TheSnifferReportsStrayQuotesUnlessLenient) {
    io::FileSample sample;
    sample.start = "id,item\n1,5\" pipe\n2,ruler\n3,tape\n";
    sample.whole_file = true;
    const auto strict = Sniffer(sample, ',').sniff();
    ASSERT_EQ(strict.bad_rows.size(), 1u);
    EXPECT_EQ(strict.bad_rows[0].line, 2u);
    EXPECT_NE(strict.bad_rows[0].reason.find("stray \" in unquoted field 2"), std::string::npos)
        << strict.bad_rows[0].reason;
    EXPECT_EQ(strict.bad_row_count, 1u);

    DialectChoice choice;
    choice.leniency.literal_stray_quotes = true;
    const auto lenient = Sniffer(sample, ',').sniff(choice);
    EXPECT_TRUE(lenient.bad_rows.empty());
    EXPECT_EQ(lenient.bad_row_count, 0u);
    ASSERT_EQ(lenient.columns.size(), 2u);
    EXPECT_EQ(lenient.columns[0].type, "Int64");
}

} // namespace
} // namespace ferry::formats::sniffer
