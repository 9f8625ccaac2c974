/// The reader recovering from malformed records (a bad-record handler set, as --on-error skip does), its
/// lenient options and CR-only line endings. Every case is read whole and through tiny reads into the
/// smallest buffer: recovery must not depend on where a refill falls.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "formats/csv_reader.h"
#include "io/memory_stream.h"
#include "support/tiny_chunk_stream.h"

namespace ferry::formats {
namespace {

using namespace std::string_literals;

struct Reject {
    std::uint64_t line;
    std::string reason;
    std::string raw;
    bool operator==(const Reject&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Reject& r) {
    return out << "{" << r.line << ", \"" << r.reason << "\", \"" << r.raw << "\"}";
}

struct Outcome {
    std::vector<std::string> records; ///< fields joined by '|', quoted ones in [brackets], "@line" appended
    std::vector<Reject> rejects;
    bool operator==(const Outcome&) const = default;
};

Outcome read_with(io::ReadStream& stream, const Dialect& dialect, std::size_t buffer_size) {
    CsvReader reader(stream, dialect, buffer_size);
    Outcome out;
    reader.set_bad_record_handler([&](const BadRecord& bad) {
        out.rejects.push_back({bad.line, std::string(bad.reason), std::string(bad.raw)});
    });
    while (reader.next()) {
        std::string record;
        for (std::size_t i = 0; i < reader.fields().size(); ++i) {
            const auto& field = reader.fields()[i];
            record += (i == 0 ? "" : "|") +
                      (field.quoted ? "[" + std::string(field.value) + "]" : std::string(field.value));
        }
        out.records.push_back(record + "@" + std::to_string(reader.line()));
    }
    EXPECT_EQ(reader.records_read(), out.records.size());
    EXPECT_EQ(reader.records_rejected(), out.rejects.size());
    return out;
}

/// Reads `text` recovering, whole and in tiny pieces; both must agree.
Outcome recover(std::string_view text, const Dialect& dialect = {}) {
    io::MemoryReadStream whole(text);
    Outcome a = read_with(whole, dialect, CsvReader::kDefaultBufferSize);
    test::TinyChunkStream tiny(text, 7, 5);
    Outcome b = read_with(tiny, dialect, 16);
    EXPECT_EQ(a, b) << "whole and tiny reads differ for: " << text;
    return a;
}

using Records = std::vector<std::string>;
using Rejects = std::vector<Reject>;

const std::string kStray = "stray \" in unquoted field 2 (quote the field and double the \", or use --quotes "
                           "lenient to read it as a character)";
const std::string kCut = "; only this line is rejected, the lines after it are read again";

TEST(CsvReaderRecovery, CleanInputIsReadAsWhenStrict) {
    const auto out = recover("a,b\n1,\"x\"\"y\"\n\"multi\nline\",2\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|[x\"y]@2", "[multi\nline]|2@3"}));
    EXPECT_TRUE(out.rejects.empty());
}

TEST(CsvReaderRecovery, StrayQuoteInAnUnquotedFieldRejectsItsLine) {
    const auto out = recover("a,b\n1,ok\n2,5\" pipe\n3,fine\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|ok@2", "3|fine@4"}));
    EXPECT_EQ(out.rejects, (Rejects{{3, kStray, "2,5\" pipe"}}));
}

TEST(CsvReaderRecovery, TextAfterAClosingQuoteRejectsItsLine) {
    const auto out = recover("a,b\r\n1,\"ab\"c\r\n2,\"x\"\r\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "2|[x]@3"}));
    EXPECT_EQ(out.rejects, (Rejects{{2,
                                     "unexpected 'c' after the closing quote of field 2 (a \" inside a quoted "
                                     "field must be doubled)",
                                     "1,\"ab\"c"}}));
}

TEST(CsvReaderRecovery, AQuoteThatClosesOnALaterLineCostsOnlyItsOwnLine) {
    // The quote on line 2 never closes; the next quote (line 4) "closes" it and 'x' follows: only line 2 is
    // the culprit, lines 3 and 4 are read again.
    const auto out = recover("a,b,c\n1,\"abc,2\n3,4,5\n6,\"x\",7\n");
    EXPECT_EQ(out.records, (Records{"a|b|c@1", "3|4|5@3", "6|[x]|7@4"}));
    EXPECT_EQ(out.rejects,
              (Rejects{{2,
                        "unexpected 'x' after the closing quote of field 2 (a \" inside a quoted field must be "
                        "doubled)" + kCut,
                        "1,\"abc,2"}}));
}

TEST(CsvReaderRecovery, AQuoteThatNeverClosesDoesNotSwallowTheRestOfTheFile) {
    const auto out = recover("a,b\n1,\"open\n2,x\n3,y\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "2|x@3", "3|y@4"}));
    EXPECT_EQ(out.rejects, (Rejects{{2, "unterminated quoted field starting at line 2" + kCut, "1,\"open"}}));
    // On the last line, the rest of the input is that line.
    const auto last = recover("a,b\n1,2\n3,\"open");
    EXPECT_EQ(last.records, (Records{"a|b@1", "1|2@2"}));
    EXPECT_EQ(last.rejects, (Rejects{{3, "unterminated quoted field starting at line 3", "3,\"open"}}));
}

TEST(CsvReaderRecovery, AQuoteOpenForTooManyLinesIsGivenUp) {
    // No other quote follows: without a bound the field would run to the end of the file.
    std::string text = "a,b\n1,\"open\n";
    Records expected{"a|b@1"};
    for (int i = 0; i < 1500; ++i) {
        text += std::to_string(i) + ",v\n";
        expected.push_back(std::to_string(i) + "|v@" + std::to_string(i + 3));
    }
    const auto out = recover(text);
    EXPECT_EQ(out.records, expected);
    ASSERT_EQ(out.rejects.size(), 1u);
    EXPECT_EQ(out.rejects[0].line, 2u);
    EXPECT_EQ(out.rejects[0].raw, "1,\"open");
    EXPECT_EQ(out.rejects[0].reason, "quoted field starting at line 2 is still open after 1000 lines or 8 MiB: "
                                     "taken as a quote that never closes" + kCut);
}

TEST(CsvReaderRecovery, TooManyOrTooFewFieldsAreRejectedWithTheirBytes) {
    const auto out = recover("a,b,c\n1,2,3\n4,5\n6,7,8,9\n\"q\",\"r\"\"s\",\"t\"\n");
    EXPECT_EQ(out.records, (Records{"a|b|c@1", "1|2|3@2", "[q]|[r\"s]|[t]@5"}));
    EXPECT_EQ(out.rejects, (Rejects{{3, "expected 3 fields, found 2", "4,5"},
                                    {4, "expected 3 fields, found 4", "6,7,8,9"}}));
}

TEST(CsvReaderRecovery, RawBytesOfARejectKeepDoubledQuotesAndEscapes) {
    // The buffer is never altered by collapsing quotes, so the reject is the file's bytes.
    const auto out = recover("a,b,c\n\"x\"\"y\",\"p\"\"q\"\n");
    EXPECT_EQ(out.rejects, (Rejects{{2, "expected 3 fields, found 2", "\"x\"\"y\",\"p\"\"q\""}}));
    Dialect escaped;
    escaped.escape = '\\';
    const auto esc = recover("a,b\n\"x\\\"y\",1,2\n\"ok\\\"\",3\n", escaped);
    EXPECT_EQ(esc.records, (Records{"a|b@1", "[ok\"]|3@3"}));
    EXPECT_EQ(esc.rejects, (Rejects{{2, "expected 2 fields, found 3", "\"x\\\"y\",1,2"}}));
}

TEST(CsvReaderRecovery, AMultiLineRecordOfTheWrongWidthIsRejectedLineByLine) {
    // An unclosed quote closed by a later one can give a record that parses but is too wide or narrow: its
    // first line is rejected and the lines after it read again.
    const auto out = recover("a,b\n1,\"x\n2,y\n3,\"z\",4\n5,w\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "2|y@3", "5|w@5"}));
    EXPECT_EQ(out.rejects.size(), 2u);
    EXPECT_EQ(out.rejects[0], (Reject{2,
                                      "unexpected 'z' after the closing quote of field 2 (a \" inside a quoted "
                                      "field must be doubled)" + kCut,
                                      "1,\"x"}));
    EXPECT_EQ(out.rejects[1], (Reject{4, "expected 2 fields, found 3", "3,\"z\",4"}));
}

TEST(CsvReaderRecovery, BlankLinesInsideAreLeftToTheCallerAndAtTheEndIgnored) {
    // A blank line inside is a record of one NULL field, as when strict: the caller judges it (a NULL of a
    // one-column file, or where a second table starts).
    const auto out = recover("a,b\n1,2\n\n3,4\n\n\n");
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|2@2", "@3", "3|4@4"}));
    EXPECT_TRUE(out.rejects.empty());
}

TEST(CsvReaderRecovery, InvalidUtf8AndNulAreDataNotDamage) {
    // Bytes are loaded exactly (a String column holds any bytes); they do not derail the parser.
    const auto out = recover("a,b\n1,\xFF\xFE\n2,a\0b\n3,\"\0\"\n"s);
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|\xFF\xFE@2", "2|a\0b@3"s, "3|[\0]@4"s}));
    EXPECT_TRUE(out.rejects.empty());
}

TEST(CsvReaderRecovery, EveryKindOfDamageInOneFile) {
    const auto out = recover("id,name,n\n"
                             "1,alice,10\n"
                             "2,bo\"b,20\n"           // stray quote
                             "3,\"carol\"x,30\n"      // text after the closing quote
                             "4,dave\n"               // too few
                             "5,eve,50,extra\n"       // too many
                             "6,\"fr\nank\",60\n"     // fine: a quoted line break
                             "7,\"gina,70\n"          // never closes...
                             "8,hal,80\n"             // ...so these two are read again
                             "9,\"ivy\",90\n");
    EXPECT_EQ(out.records, (Records{"id|name|n@1", "1|alice|10@2", "6|[fr\nank]|60@7", "8|hal|80@10",
                                    "9|[ivy]|90@11"}));
    std::vector<std::uint64_t> lines;
    std::vector<std::string> raws;
    for (const auto& r : out.rejects) {
        lines.push_back(r.line);
        raws.push_back(r.raw);
    }
    EXPECT_EQ(lines, (std::vector<std::uint64_t>{3, 4, 5, 6, 9}));
    EXPECT_EQ(raws, (std::vector<std::string>{"2,bo\"b,20", "3,\"carol\"x,30", "4,dave", "5,eve,50,extra",
                                              "7,\"gina,70"}));
}

TEST(CsvReaderRecovery, AThrowingHandlerLeavesTheReaderUsable) {
    io::MemoryReadStream stream("a,b\n1\n2,3\n");
    CsvReader reader(stream, Dialect{});
    reader.set_bad_record_handler([](const BadRecord&) { throw Error(ErrorKind::Data, "too many"); });
    ASSERT_TRUE(reader.next());
    EXPECT_THROW(reader.next(), Error);
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.fields().size(), 2u);
    EXPECT_EQ(reader.line(), 3u);
    EXPECT_FALSE(reader.next());
}

TEST(CsvReaderStrict, ErrorsStayPreciseAndAllOrNothing) {
    for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
             {"a,b\n1,\"open\n2,x\n", "line 2: unterminated quoted field starting at line 2"},
             {"a,b\n1,b\"c\n", "line 2: " + kStray},
         }) {
        io::MemoryReadStream stream(text);
        CsvReader reader(stream, Dialect{});
        try {
            while (reader.next()) {
            }
            ADD_FAILURE() << text;
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()), message);
        }
    }
}

TEST(CsvReaderStrict, RawRecordIsTheLineAsWritten) {
    io::MemoryReadStream stream("a,\"b\"\"c\"\r\n1,2\r\n");
    CsvReader reader(stream, Dialect{});
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.raw_record(), "a,\"b\"\"c\"");
    EXPECT_EQ(reader.fields()[1].value, "b\"c");
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.raw_record(), "1,2");
}

// -------------------------------------------------------------------------------------------------------
// Lenient options

TEST(CsvReaderLenient, RaggedPadFillsMissingTrailingFieldsWithNull) {
    Dialect dialect;
    dialect.leniency.pad_ragged = true;
    const auto out = recover("a,b,c\n1\n2,x\n3,y,z\n4,y,z,w\n\n5,,\n", dialect);
    // A blank line is not padded into a row of NULLs (the caller sees it as when strict).
    EXPECT_EQ(out.records, (Records{"a|b|c@1", "1||@2", "2|x|@3", "3|y|z@4", "@6", "5||@7"}));
    // Too many fields are still an error.
    EXPECT_EQ(out.rejects, (Rejects{{5, "expected 3 fields, found 4", "4,y,z,w"}}));
    // Strict reading pads too, and stops at the first wide record.
    io::MemoryReadStream stream("a,b\n1\n1,2,3\n");
    CsvReader reader(stream, dialect);
    ASSERT_TRUE(reader.next());
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.fields().size(), 2u);
    EXPECT_TRUE(reader.fields()[1].is_null());
    EXPECT_THROW(reader.next(), Error);
}

TEST(CsvReaderLenient, LenientQuotesKeepAStrayQuoteAsACharacter) {
    Dialect dialect;
    dialect.leniency.literal_stray_quotes = true;
    const auto out = recover("a,b\n1,5\" pipe\n2,\"ok\"\n3,\"x\"y\n", dialect);
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|5\" pipe@2", "2|[ok]@3"}));
    ASSERT_EQ(out.rejects.size(), 1u); // text after a closing quote is still damage
    EXPECT_EQ(out.rejects[0].line, 4u);
}

TEST(CsvReaderLenient, TrimDropsSpacesAtTheStartOfFields) {
    Dialect dialect;
    dialect.leniency.trim_leading_spaces = true;
    const auto out = recover("a, b, c\n1,  \"x, y\", 3 \n  ,\"\",z\n", dialect);
    EXPECT_EQ(out.records, (Records{"a|b|c@1", "1|[x, y]|3 @2", "|[]|z@3"}));
    EXPECT_TRUE(out.rejects.empty());
    // Without it, ` "x, y"` is an unquoted field holding a stray quote.
    EXPECT_EQ(recover("a,b\n1, \"x\"\n").rejects.size(), 1u);
    Dialect spaces;
    spaces.delimiter = ' ';
    spaces.leniency.trim_leading_spaces = true;
    io::MemoryReadStream stream("a b\n");
    EXPECT_THROW(CsvReader(stream, spaces), Error);
}

// -------------------------------------------------------------------------------------------------------
// CR-only line endings

TEST(CsvReaderLineEndings, CrOnlyFilesAreReadLikeLfAndCrlf) {
    const auto out = recover("a,b\r1,\"x\ry\"\r2,z\r");
    EXPECT_EQ(out.records, (Records{"a|b@1", "1|[x\ry]@2", "2|z@4"}));
    const auto lf = recover("a,b\n1,\"x\ny\"\n2,z\n");
    EXPECT_EQ(lf.records, (Records{"a|b@1", "1|[x\ny]@2", "2|z@4"}));
    // Without a final line ending, blank lines at the end, a BOM, skipped lines and recovery alike.
    EXPECT_EQ(recover("\xEF\xBB\xBFid\r1\r\r").records, (Records{"id@1", "1@2"}));
    Dialect skip;
    skip.skip_lines = 1;
    const auto skipped = recover("title\ra,b\r1,\"bad\"x\r3,4", skip);
    EXPECT_EQ(skipped.records, (Records{"a|b@2", "3|4@4"}));
    EXPECT_EQ(skipped.rejects.size(), 1u);
    EXPECT_EQ(skipped.rejects[0].raw, "1,\"bad\"x");
    // An LF file with a CR in its data stays an LF file.
    EXPECT_EQ(recover("a\rb,c\nd,e\n").records, (Records{"a\rb|c@1", "d|e@2"}));
}

} // namespace
} // namespace ferry::formats
