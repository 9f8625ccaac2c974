#include "formats/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "formats/csv_writer.h"
#include "io/memory_stream.h"
#include "support/tiny_chunk_stream.h"

namespace ferry::formats {
namespace {

using namespace std::string_literals;

using test::TinyChunkStream;

/// One record as text: fields joined by '|', quoted fields in [brackets], NULL (empty unquoted) as nothing.
std::string render(const CsvReader& reader) {
    std::string out;
    const auto fields = reader.fields();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += '|';
        }
        out += fields[i].quoted ? "[" + std::string(fields[i].value) + "]" : std::string(fields[i].value);
    }
    return out;
}

std::vector<std::string> read_records(io::ReadStream& stream, const Dialect& dialect = {},
                                      std::size_t buffer_size = CsvReader::kDefaultBufferSize,
                                      std::vector<std::uint64_t>* lines = nullptr) {
    CsvReader reader(stream, dialect, buffer_size);
    std::vector<std::string> records;
    while (reader.next()) {
        records.push_back(render(reader));
        if (lines != nullptr) {
            lines->push_back(reader.line());
        }
    }
    return records;
}

std::vector<std::string> read_records(std::string_view text, const Dialect& dialect = {}) {
    io::MemoryReadStream stream(text);
    return read_records(stream, dialect);
}

using Records = std::vector<std::string>;

Error read_error(std::string_view text, const Dialect& dialect = {}) {
    io::MemoryReadStream stream(text);
    CsvReader reader(stream, dialect);
    try {
        while (reader.next()) {
        }
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for: " << text;
    return Error(ErrorKind::Internal, "no error");
}

TEST(CsvReader, SimpleRecords) {
    EXPECT_EQ(read_records("a,b,c\n1,2,3\n"), (Records{"a|b|c", "1|2|3"}));
}

TEST(CsvReader, RecordsOfChangingWidth) {
    // Fields are assigned in place into storage as wide as the widest record so far: a narrower record after
    // a wider one must show only its own fields, also when refills move the buffer under them.
    const std::string text = "a,b,c\nx\n1,2,3,4,\"5,5\"\n,\n\"q\"\ny,z\n";
    const Records expected = {"a|b|c", "x", "1|2|3|4|[5,5]", "|", "[q]", "y|z"};
    EXPECT_EQ(read_records(text), expected);
    for (unsigned seed = 1; seed <= 20; ++seed) {
        TinyChunkStream stream(text, seed);
        EXPECT_EQ(read_records(stream, {}, 16), expected) << seed;
    }
}

TEST(CsvReader, QuotedFieldsHoldDelimitersQuotesAndNewlines) {
    EXPECT_EQ(read_records("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\n"),
              (Records{"[a,b]|[say \"hi\"]|[line1\nline2]"}));
    EXPECT_EQ(read_records("\"\"\"\"\n\"\"\"x\"\"\"\n"), (Records{"[\"]", "[\"x\"]"}));
}

TEST(CsvReader, CrAndCrlfInsideQuotesAreKeptVerbatim) {
    EXPECT_EQ(read_records("\"a\r\nb\rc\",d\r\n"), (Records{"[a\r\nb\rc]|d"}));
}

TEST(CsvReader, CrlfLineEndings) {
    EXPECT_EQ(read_records("a,b\r\n1,\"2\"\r\n3,\r\n"), (Records{"a|b", "1|[2]", "3|"}));
}

TEST(CsvReader, LoneCrInsideUnquotedFieldIsData) {
    EXPECT_EQ(read_records("a\rb,c\n"), (Records{"a\rb|c"}));
}

TEST(CsvReader, FinalRecordWithoutNewline) {
    EXPECT_EQ(read_records("a,b\n1,2"), (Records{"a|b", "1|2"}));
    EXPECT_EQ(read_records("a,b\r\n1,2\r"), (Records{"a|b", "1|2"}));
    EXPECT_EQ(read_records("a,\"b\""), (Records{"a|[b]"}));
    EXPECT_EQ(read_records("a,\"b\"\r"), (Records{"a|[b]"}));
    EXPECT_EQ(read_records("a,"), (Records{"a|"}));
}

TEST(CsvReader, Utf8BomIsSkipped) {
    EXPECT_EQ(read_records("\xEF\xBB\xBFid,name\n1,x\n"), (Records{"id|name", "1|x"}));
    EXPECT_EQ(read_records("\xEF\xBB\xBF\"id\"\n"), (Records{"[id]"}));
    EXPECT_EQ(read_records("\xEF\xBB\xBF"), Records{});
    // Only at the very start.
    EXPECT_EQ(read_records("a\n\xEF\xBB\xBF b\n"), (Records{"a", "\xEF\xBB\xBF b"}));
}

TEST(CsvReader, NulBytesAndUtf8PassThrough) {
    const std::string text = "a\0b,\"c\0\",\xC3\xA9t\xC3\xA9 \xF0\x9F\x9A\x80\n"s;
    ASSERT_EQ(text.size(), 20u);
    const auto records = read_records(text);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0], "a\0b|[c\0]|\xC3\xA9t\xC3\xA9 \xF0\x9F\x9A\x80"s);
}

TEST(CsvReader, EmptyUnquotedIsNullAndEmptyQuotedIsEmptyString) {
    io::MemoryReadStream stream(",\"\",x\n");
    CsvReader reader(stream, Dialect{});
    ASSERT_TRUE(reader.next());
    ASSERT_EQ(reader.fields().size(), 3u);
    EXPECT_TRUE(reader.fields()[0].is_null());
    EXPECT_FALSE(reader.fields()[1].is_null());
    EXPECT_TRUE(reader.fields()[1].quoted);
    EXPECT_EQ(reader.fields()[1].value, "");
    EXPECT_FALSE(reader.fields()[2].is_null());
    EXPECT_FALSE(reader.next());
}

TEST(CsvReader, OtherDelimiters) {
    EXPECT_EQ(read_records("a\tb\t\"c\td\"\n", Dialect{'\t'}), (Records{"a|b|[c\td]"}));
    EXPECT_EQ(read_records("a|b|\"c|d\"\n", Dialect{'|'}), (Records{"a|b|[c|d]"}));
    EXPECT_EQ(read_records("a;b,c;\"d;e\"\n", Dialect{';'}), (Records{"a|b,c|[d;e]"}));
    EXPECT_EQ(read_records("1\x01\x32\n", Dialect{'\x01'}), (Records{"1|2"}));
}

TEST(CsvReader, CustomQuoteCharacter) {
    Dialect dialect;
    dialect.quote = '\'';
    EXPECT_EQ(read_records("'a,b','it''s',\"x\"\n", dialect), (Records{"[a,b]|[it's]|\"x\""}));
}

TEST(CsvReader, InvalidDialectIsAUsageError) {
    io::MemoryReadStream stream("");
    Dialect dialect;
    dialect.delimiter = '"';
    try {
        CsvReader reader(stream, dialect);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
    dialect.delimiter = '\n';
    EXPECT_THROW(CsvReader(stream, dialect), Error);
}

TEST(CsvReader, TrailingBlankLinesAreNotRecords) {
    EXPECT_EQ(read_records("a\n"), (Records{"a"}));
    EXPECT_EQ(read_records("a\n\n"), (Records{"a"}));
    EXPECT_EQ(read_records("a\r\n\r\n\n\r\n"), (Records{"a"}));
    EXPECT_EQ(read_records("\n"), Records{});
    EXPECT_EQ(read_records(""), Records{});
}

TEST(CsvReader, BlankLineInTheMiddleIsOneNullField) {
    io::MemoryReadStream stream("a,b\n\n\r\n1,2\n\n");
    CsvReader reader(stream, Dialect{});
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.line(), 1u);
    for (std::uint64_t line : {2u, 3u}) {
        ASSERT_TRUE(reader.next());
        EXPECT_EQ(reader.line(), line);
        ASSERT_EQ(reader.fields().size(), 1u);
        EXPECT_TRUE(reader.fields()[0].is_null());
        try {
            reader.expect_field_count(2);
            FAIL();
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()), "line " + std::to_string(line) + ": expected 2 fields, found 1");
        }
    }
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(render(reader), "1|2");
    EXPECT_EQ(reader.line(), 4u);
    EXPECT_FALSE(reader.next());
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsAnErrorUnlessQuotesAreLenient) {
    const Error e = read_error("a,b\n1,5\" inch\n");
    EXPECT_EQ(std::string(e.what()), "line 2: stray \" in unquoted field 2 (quote the field and double the \", or "
                                     "use --quotes lenient to read it as a character)");
    EXPECT_EQ(e.context().line, 2u);
    Dialect lenient;
    lenient.leniency.literal_stray_quotes = true;
    EXPECT_EQ(read_records("ab\"c,5\" inch,x\"\n", lenient), (Records{"ab\"c|5\" inch|x\""}));
}

TEST(CsvReader, TextAfterClosingQuoteIsAnErrorNamingTheLine) {
    const Error e = read_error("a,b\n1,2\n\"ab\"c,d\n");
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    EXPECT_EQ(std::string(e.what()),
              "line 3: unexpected 'c' after the closing quote of field 1 (a \" inside a quoted field must be "
              "doubled)");
    ASSERT_TRUE(e.context().line.has_value());
    EXPECT_EQ(*e.context().line, 3u);
    EXPECT_NE(std::string(read_error("x,\"a\"\rb\n").what()).find("line 1: unexpected '\\r'"),
              std::string::npos);
}

TEST(CsvReader, UnterminatedQuoteReportsWhereItStarted) {
    const Error e = read_error("h\nok\n\"never\nclosed,\n");
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    EXPECT_EQ(std::string(e.what()), "line 3: unterminated quoted field starting at line 3");
    EXPECT_EQ(e.context().line, 3u);
    const Error later = read_error("a,\"multi\nline\",\"open\nstill\n");
    EXPECT_EQ(std::string(later.what()), "line 1: unterminated quoted field starting at line 2");
}

TEST(CsvReader, WrongWidthError) {
    io::MemoryReadStream stream("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5,6\n7,8,9,10\n");
    CsvReader reader(stream, Dialect{});
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(reader.next());
        EXPECT_NO_THROW(reader.expect_field_count(3));
    }
    ASSERT_TRUE(reader.next());
    try {
        reader.expect_field_count(3);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        EXPECT_EQ(std::string(e.what()), "line 6: expected 3 fields, found 4");
        EXPECT_EQ(e.context().line, 6u);
    }
}

TEST(CsvReader, LineNumbersCountNewlinesInsideQuotes) {
    std::vector<std::uint64_t> lines;
    io::MemoryReadStream stream("a\n\"b\n\nc\",d\r\ne\n\"f\r\n\"\ng");
    EXPECT_EQ(read_records(stream, {}, CsvReader::kDefaultBufferSize, &lines),
              (Records{"a", "[b\n\nc]|d", "e", "[f\r\n]", "g"}));
    EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 2, 5, 6, 8}));
}

TEST(CsvReader, ReportsRawBytesRead) {
    const std::string text = "a,b\n1,2\n";
    io::MemoryReadStream stream(text);
    CsvReader reader(stream, Dialect{});
    while (reader.next()) {
    }
    EXPECT_EQ(reader.raw_bytes_read(), text.size());
}

/// Random fields full of the characters that matter, written by CsvWriter and read back through every
/// combination of tiny buffers and tiny reads.
TEST(CsvReader, RecordsStraddlingRefillsMatchWhatWasWritten) {
    std::mt19937 random(42);
    const std::string alphabet = "ab,\"\n\r;x\t\0\xC3\xA9 "s;
    std::vector<std::vector<std::optional<std::string>>> rows;
    for (int r = 0; r < 300; ++r) {
        std::vector<std::optional<std::string>> row;
        for (int f = 0; f < 4; ++f) {
            const int kind = std::uniform_int_distribution<int>(0, 9)(random);
            if (kind == 0) {
                row.push_back(std::nullopt);
                continue;
            }
            std::string value;
            const int length = kind == 1 ? 0 : std::uniform_int_distribution<int>(1, 40)(random);
            for (int i = 0; i < length; ++i) {
                value += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
            }
            row.push_back(value);
        }
        rows.push_back(row);
    }
    io::StringWriteStream out;
    {
        CsvWriter writer(out, Dialect{});
        for (const auto& row : rows) {
            for (const auto& value : row) {
                value ? writer.field(*value) : writer.null_field();
            }
            writer.end_row();
        }
        writer.flush();
    }
    const std::string& text = out.data();
    // Expected line of each record: 1 + newlines before it.
    std::vector<std::uint64_t> expected_lines;
    {
        io::MemoryReadStream stream(text);
        CsvReader reader(stream, Dialect{});
        while (reader.next()) {
            expected_lines.push_back(reader.line());
        }
    }
    ASSERT_EQ(expected_lines.size(), rows.size());

    for (std::size_t buffer_size : {16u, 17u, 31u, 64u, 100u, 4096u}) {
        for (unsigned seed = 1; seed <= 3; ++seed) {
            TinyChunkStream stream(text, seed);
            CsvReader reader(stream, Dialect{}, buffer_size);
            std::size_t r = 0;
            while (reader.next()) {
                ASSERT_LT(r, rows.size());
                ASSERT_EQ(reader.fields().size(), 4u) << "row " << r << " buffer " << buffer_size;
                for (std::size_t f = 0; f < 4; ++f) {
                    const Field& field = reader.fields()[f];
                    if (!rows[r][f]) {
                        EXPECT_TRUE(field.is_null()) << "row " << r << " field " << f;
                    } else {
                        EXPECT_FALSE(field.is_null());
                        EXPECT_EQ(field.value, *rows[r][f]) << "row " << r << " field " << f;
                    }
                }
                EXPECT_EQ(reader.line(), expected_lines[r]);
                ++r;
            }
            EXPECT_EQ(r, rows.size()) << "buffer " << buffer_size << " seed " << seed;
        }
    }
}

TEST(CsvReader, TinyReadsOfEdgeCases) {
    const std::vector<std::pair<std::string, Records>> cases = {
        {"\xEF\xBB\xBF\"a\"\"b\",\"\"\r\n\r\n", {"[a\"b]|[]"}},
        {"x,\"y\"\r", {"x|[y]"}},
        {"\"a\"\r\n\n\n\"b\"\n\n", {"[a]", "", "", "[b]"}},
        {"1,2,", {"1|2|"}},
    };
    for (const auto& [text, expected] : cases) {
        for (std::size_t buffer_size : {16u, 20u}) {
            for (unsigned seed = 1; seed <= 5; ++seed) {
                TinyChunkStream stream(text, seed);
                EXPECT_EQ(read_records(stream, {}, buffer_size), expected) << text;
            }
        }
    }
}

TEST(CsvReader, TwentyMegabyteFields) {
    std::string big;
    big.reserve(20 << 20);
    while (big.size() < (20u << 20)) {
        big += "0123456789abcdef\"\n,";
    }
    std::string quoted = "\"";
    for (char c : big) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += "\"";
    const std::string unquoted(20u << 20, 'z');
    const std::string text = "id,payload\n1," + quoted + "\n2," + unquoted + "\n3,small\n";
    io::MemoryReadStream stream(text, 65536);
    CsvReader reader(stream, Dialect{});
    ASSERT_TRUE(reader.next());
    ASSERT_TRUE(reader.next());
    ASSERT_EQ(reader.fields().size(), 2u);
    EXPECT_EQ(reader.fields()[0].value, "1");
    EXPECT_TRUE(reader.fields()[1].value == big); // not EXPECT_EQ: a failure would print 20 MB
    EXPECT_EQ(reader.line(), 2u);
    ASSERT_TRUE(reader.next());
    EXPECT_TRUE(reader.fields()[1].value == unquoted);
    const std::uint64_t newlines_in_big =
        static_cast<std::uint64_t>(std::count(big.begin(), big.end(), '\n'));
    EXPECT_EQ(reader.line(), 3u + newlines_in_big);
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(render(reader), "3|small");
    EXPECT_FALSE(reader.next());
}

} // namespace
} // namespace ferry::formats

namespace ferry::formats {
namespace {

TEST(CsvReaderSkipLines, SkipsTitleLinesAndCountsThem) {
    const std::string text = "\xEF\xBB\xBFReport, Q1\n\"not\na quote\nid,x\n1,2\n";
    io::MemoryReadStream stream(text, 3);
    Dialect dialect;
    dialect.skip_lines = 2; // physical lines: the quote in the title is not a field
    CsvReader reader(stream, dialect, 16);
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.fields()[0].value, "a quote");
    EXPECT_EQ(reader.line(), 3u);
    dialect.skip_lines = 3;
    io::MemoryReadStream again(text);
    CsvReader second(again, dialect);
    ASSERT_TRUE(second.next());
    EXPECT_EQ(second.fields()[0].value, "id");
    EXPECT_EQ(second.line(), 4u);
    ASSERT_TRUE(second.next());
    EXPECT_EQ(second.line(), 5u);
    dialect.skip_lines = 10;
    io::MemoryReadStream short_input(text);
    CsvReader past_end(short_input, dialect);
    EXPECT_FALSE(past_end.next());
}

TEST(CsvReaderEscape, BackslashMakesAQuoteOrItselfLiteralAndKeepsEverythingElse) {
    const std::string text = "1,\"He said \\\"hi\\\", then left\"\n2,\"a \\\\ b\"\n3,\"C:\\Users\\ann\"\n"
                             "4,\"both \"\"ways\\\"\"\n5,\"multi\\\"\nline\"\n";
    Dialect dialect;
    dialect.escape = '\\';
    const Records want = {"1|[He said \"hi\", then left]", "2|[a \\ b]", "3|[C:\\Users\\ann]",
                          "4|[both \"ways\"]", "5|[multi\"\nline]"};
    EXPECT_EQ(read_records(text, dialect), want);
    // Every buffer size, so the escape and the byte after it are split across refills.
    for (std::size_t buffer = 16; buffer < 48; ++buffer) {
        for (std::size_t chunk = 1; chunk < 5; ++chunk) {
            io::MemoryReadStream stream(text, chunk);
            std::vector<std::uint64_t> lines;
            EXPECT_EQ(read_records(stream, dialect, buffer, &lines), want) << buffer << "/" << chunk;
            EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 2, 3, 4, 5})) << buffer << "/" << chunk;
        }
    }
}

TEST(CsvReaderEscape, WithoutAnEscapeABackslashQuoteEndsTheFieldAndTheErrorSaysWhatToTry) {
    const auto error = read_error("id,said\n1,\"He said \\\"hi\\\"\"\n");
    EXPECT_NE(std::string(error.what()).find("line 2: unexpected 'h' after the closing quote of field 2"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("--escape '\\'"), std::string::npos) << error.what();
    // A field ending in a backslash is fine without an escape (a Windows directory).
    EXPECT_EQ(read_records("1,\"C:\\Temp\\\",2\n"), Records{"1|[C:\\Temp\\]|2"});
}

TEST(CsvReaderEscape, AnEscapeAtTheEndOfInputLeavesTheQuoteOpen) {
    Dialect dialect;
    dialect.escape = '\\';
    const auto error = read_error("1,\"abc\\\"", dialect);
    EXPECT_NE(std::string(error.what()).find("unterminated quoted field"), std::string::npos) << error.what();
}

TEST(CsvReaderComment, CommentLinesAreSkippedAnywhereAndCounted) {
    const std::string text = "# title\nid,x\n1,a\n# note, with a comma\n2,\"# not a comment\"\n#\n3,c\n# last";
    Dialect dialect;
    dialect.comment = '#';
    const Records want = {"id|x", "1|a", "2|[# not a comment]", "3|c"};
    for (std::size_t buffer = 16; buffer < 40; ++buffer) {
        io::MemoryReadStream stream(text, 3);
        std::vector<std::uint64_t> lines;
        EXPECT_EQ(read_records(stream, dialect, buffer, &lines), want) << buffer;
        EXPECT_EQ(lines, (std::vector<std::uint64_t>{2, 3, 5, 7})) << buffer;
    }
    // Without a comment character the same lines are records.
    EXPECT_EQ(read_records("id\n# x\n").size(), 2u);
}

} // namespace
} // namespace ferry::formats
