#include "formats/repeated_header.h"

#include <gtest/gtest.h>


#include "formats/csv_error.h"
#include "formats/csv_reader.h"
#include "formats/sniffer/sniffer.h"
#include "io/memory_stream.h"

namespace ferry::formats {
namespace {

TEST(RepeatedHeader, MatchesARecordIdenticalToTheHeaderWhateverItsQuoting) {
    io::MemoryReadStream input("id,name\n1,Ann\nid,name\n\"id\",\"name\"\nid,name,x\nid,Name\n,\n");
    Dialect dialect;
    CsvReader reader(input, dialect);
    ASSERT_TRUE(reader.next());
    RepeatedHeader header;
    header.set(reader.fields());
    std::vector<bool> matched;
    while (reader.next()) {
        matched.push_back(header.matches(reader.fields()));
    }
    // 1,Ann / id,name / "id","name" / a wider record / another case / two NULLs
    EXPECT_EQ(matched, (std::vector<bool>{false, true, true, false, true, false}));
}

TEST(RepeatedHeader, MatchesIgnoringAsciiCaseAndSurroundingBlanks) {
    io::MemoryReadStream input("Id, Café \nID,CAFé\n  id\t,\tcafé\n\" iD \",café\nid,ca fé\nidx,café\nid,CAFÉ\n"
                               "id,café2\n");
    CsvReader reader(input, Dialect{});
    ASSERT_TRUE(reader.next());
    RepeatedHeader header;
    header.set(reader.fields());
    std::vector<bool> matched;
    while (reader.next()) {
        matched.push_back(header.matches(reader.fields()));
    }
    // Case and blanks around (also inside quotes) do not count; blanks inside a name, other letters, and
    // the case of non-ASCII letters do.
    EXPECT_EQ(matched, (std::vector<bool>{true, true, true, false, false, false, false}));

    // A header of blanks only names nothing.
    io::MemoryReadStream blanks(" , \n,\n");
    CsvReader blank_reader(blanks, Dialect{});
    ASSERT_TRUE(blank_reader.next());
    header.set(blank_reader.fields());
    ASSERT_TRUE(blank_reader.next());
    EXPECT_FALSE(header.matches(blank_reader.fields()));
}

TEST(RepeatedHeader, AHeaderWithoutNamesMatchesNothing) {
    io::MemoryReadStream input(",\n,\n");
    CsvReader reader(input, Dialect{});
    ASSERT_TRUE(reader.next());
    RepeatedHeader header;
    header.set(reader.fields());
    ASSERT_TRUE(reader.next());
    EXPECT_FALSE(header.matches(reader.fields()));
}

TEST(RepeatedHeader, DescribeNamesTheFirstPlacesAndCountsTheRest) {
    RepeatedHeaders repeats;
    EXPECT_EQ(repeats.describe(), "");
    repeats.add("line 4");
    EXPECT_EQ(repeats.describe(), "1 repeated header row left out (line 4)");
    for (int line : {8, 12, 16, 20}) {
        repeats.add("line " + std::to_string(line));
    }
    EXPECT_EQ(repeats.count, 5u);
    EXPECT_EQ(repeats.describe(), "5 repeated header rows left out (line 4, line 8, line 12 and 2 more)");
}

SniffResult sniff_text(const std::string& text, const DialectChoice& choice = {}, bool skip = false) {
    io::FileSample sample;
    sample.start = text;
    sample.whole_file = true;
    return Sniffer(sample, ',').sniff(choice, skip);
}

std::string concatenated(int parts, int rows_each) {
    std::string text;
    int id = 0;
    for (int part = 0; part < parts; ++part) {
        text += "id,amount,day\n";
        for (int i = 0; i < rows_each; ++i, ++id) {
            text += std::to_string(id) + "," + std::to_string(id) + ".25,2024-01-0" + std::to_string(1 + id % 9) + "\n";
        }
    }
    return text;
}

TEST(RepeatedHeader, TheSnifferTypesAConcatenatedFileAsItsParts) {
    const auto result = sniff_text(concatenated(3, 4));
    ASSERT_EQ(result.columns.size(), 3u);
    EXPECT_TRUE(result.dialect.header);
    EXPECT_EQ(result.columns[0].type, "Int64");
    EXPECT_EQ(result.columns[1].type, "Decimal(18, 2)");
    EXPECT_EQ(result.columns[2].type, "Date");
    EXPECT_EQ(result.repeated_headers, 2u);
    EXPECT_EQ(result.bad_row_count, 0u);

    // Kept as data, they make every column text (as they would be in the table).
    DialectChoice keep;
    keep.keep_repeated_headers = true;
    const auto kept = sniff_text(concatenated(3, 4), keep);
    EXPECT_EQ(kept.columns[0].type, "String");
    EXPECT_EQ(kept.repeated_headers, 0u);
    EXPECT_TRUE(kept.dialect.keep_repeated_headers);
}

TEST(RepeatedHeader, TheSnifferProposesTrimForSpacesAfterEachDelimiter) {
    const auto spaced = sniff_text("id, name, price\n1, Ann, 1.5\n2, Bob, 2.5\n3, \"Lee, Jr\", 3\n");
    EXPECT_TRUE(spaced.propose_trim);
    EXPECT_EQ(spaced.warning, "Values in this file start with a space after each comma - drop those spaces?");
    EXPECT_EQ(spaced.suggestion, "values start with a space after each comma: try --trim");

    DialectChoice trim;
    trim.leniency.trim_leading_spaces = true;
    const auto trimmed = sniff_text("id, name, price\n1, Ann, 1.5\n2, Bob, 2.5\n3, \"Lee, Jr\", 3\n", trim);
    EXPECT_FALSE(trimmed.propose_trim);
    EXPECT_TRUE(trimmed.warning.empty()) << trimmed.warning;
    EXPECT_EQ(trimmed.columns[2].type, "Float64");

    // Some values with a leading space are data, not a way of writing the file.
    const auto some = sniff_text("id,name\n1, Ann\n2,Bob\n3,Cy\n4,Di\n");
    EXPECT_FALSE(some.propose_trim);
    EXPECT_TRUE(some.warning.empty()) << some.warning;
}

TEST(RepeatedHeader, AShortRowErrorSuggestsRaggedPadButABlankLineDoesNot) {
    EXPECT_STREQ(csv_error::field_count(4, 3, 2).what(),
                 "line 4: expected 3 fields, found 2 (to read short rows with NULL for the missing trailing fields, "
                 "use --ragged pad)");
    EXPECT_STREQ(csv_error::field_count(4, 3, 1).what(), "line 4: expected 3 fields, found 1");
    EXPECT_STREQ(csv_error::field_count(4, 3, 4).what(), "line 4: expected 3 fields, found 4");
    EXPECT_EQ(csv_error::field_count_reason(3, 2), "expected 3 fields, found 2"); // rejects keep the bare fact
}

} // namespace
} // namespace ferry::formats
