#include "formats/dialect.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::formats {
namespace {

TEST(Dialect, ParseDelimiterAcceptsSingleBytesAndNames) {
    EXPECT_EQ(parse_delimiter(","), ',');
    EXPECT_EQ(parse_delimiter(";"), ';');
    EXPECT_EQ(parse_delimiter("\t"), '\t');
    EXPECT_EQ(parse_delimiter("\\t"), '\t');
    EXPECT_EQ(parse_delimiter("tab"), '\t');
    EXPECT_EQ(parse_delimiter("TAB"), '\t');
    EXPECT_EQ(parse_delimiter("comma"), ',');
    EXPECT_EQ(parse_delimiter("semicolon"), ';');
    EXPECT_EQ(parse_delimiter("pipe"), '|');
    EXPECT_EQ(parse_delimiter("\x01"), '\x01');
}

TEST(Dialect, ParseDelimiterRejectsEverythingElse) {
    for (const char* text : {"xx", "", "\\n", "\n", "\"", "space"}) {
        try {
            parse_delimiter(text);
            FAIL() << text;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Usage);
        }
    }
    try {
        parse_delimiter("xx");
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "invalid delimiter 'xx': use a single character or tab, comma, semicolon, pipe");
    }
}

TEST(Dialect, DefaultDelimiterFollowsTheFileName) {
    EXPECT_EQ(default_delimiter_for("data.csv"), ',');
    EXPECT_EQ(default_delimiter_for("data.tsv"), '\t');
    EXPECT_EQ(default_delimiter_for("DATA.TSV"), '\t');
    EXPECT_EQ(default_delimiter_for("data.tab"), '\t');
    EXPECT_EQ(default_delimiter_for("data.tsv.gz"), '\t');
    EXPECT_EQ(default_delimiter_for("/some/dir/data.tab.zst"), '\t');
    EXPECT_EQ(default_delimiter_for("data.csv.gz"), ',');
    EXPECT_EQ(default_delimiter_for("data.txt"), ',');
    EXPECT_EQ(default_delimiter_for("data"), ',');
    EXPECT_EQ(default_delimiter_for("/dir.tsv/data.csv"), ',');
}

} // namespace
} // namespace ferry::formats

namespace ferry::formats {
namespace {

TEST(Leniency, ParsedAndDescribedOnlyWhenOn) {
    EXPECT_TRUE(parse_ragged("pad"));
    EXPECT_FALSE(parse_ragged("error"));
    EXPECT_THROW(parse_ragged("fill"), Error);
    EXPECT_TRUE(parse_quotes("lenient"));
    EXPECT_FALSE(parse_quotes("strict"));
    EXPECT_THROW(parse_quotes("loose"), Error);
    Dialect dialect;
    EXPECT_EQ(describe(dialect), "comma-delimited, header, UTF-8");
    dialect.leniency.pad_ragged = true;
    dialect.leniency.trim_leading_spaces = true;
    EXPECT_EQ(describe(dialect),
              "comma-delimited, header, UTF-8, short rows padded with NULL, leading spaces trimmed");
    EXPECT_EQ(DialectChoice::all_of(dialect).leniency, dialect.leniency);
}

} // namespace
} // namespace ferry::formats
