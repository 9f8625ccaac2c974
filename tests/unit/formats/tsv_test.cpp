#include "formats/tsv.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ferry::formats {
namespace {

using namespace std::string_literals;

std::string escaped(std::string_view value) {
    std::string out;
    escape_tsv(value, out);
    return out;
}

std::string unescaped(std::string_view field) {
    std::string out;
    unescape_tsv(field, out);
    return out;
}

using Row = std::vector<std::optional<std::string>>;

std::vector<Row> parse(std::string_view text, std::size_t chunk_size, std::vector<bool> raw_columns = {}) {
    std::vector<Row> rows;
    TsvStreamParser parser([&](std::span<const TsvField> fields) {
        Row row;
        for (const auto& field : fields) {
            row.push_back(field.is_null ? std::nullopt : std::optional<std::string>(field.value));
        }
        rows.push_back(row);
    });
    parser.set_raw_columns(std::move(raw_columns));
    for (std::size_t i = 0; i < text.size(); i += chunk_size) {
        parser.feed(text.substr(i, chunk_size));
    }
    parser.finish();
    EXPECT_EQ(parser.rows(), rows.size());
    return rows;
}

TEST(Tsv, EscapesTheBytesClickHouseEscapes) {
    EXPECT_EQ(escaped("plain text, \"quotes\" and 'apostrophes' \xC3\xA9"),
              "plain text, \"quotes\" and 'apostrophes' \xC3\xA9");
    EXPECT_EQ(escaped("a\\b\tc\nd\re\0f\bg\fh"s), "a\\\\b\\tc\\nd\\re\\0f\\bg\\fh");
    EXPECT_EQ(escaped("\\N"), "\\\\N");
    std::string out = "prefix:";
    escape_tsv("x\ty", out);
    EXPECT_EQ(out, "prefix:x\\ty"); // appends
}

TEST(Tsv, UnescapesLikeClickHouse) {
    EXPECT_EQ(unescaped("a\\tb\\nc\\rd\\0e\\bf\\fg\\\\h"), "a\tb\nc\rd\0e\bf\fg\\h"s);
    EXPECT_EQ(unescaped("\\a\\v\\e"), "\a\v\x1B");
    EXPECT_EQ(unescaped("\\'\\\"\\`\\/\\="), "'\"`/=");
    EXPECT_EQ(unescaped("\\x41\\x7a\\xFF"), "Az\xFF");
    EXPECT_EQ(unescaped("x\\Ny"), "xy");
    EXPECT_EQ(unescaped("100\\%"), "100\\%"); // unknown escapes keep their backslash
    EXPECT_EQ(unescaped("a\\\tb"), "a\tb");   // backslash before a literal control byte
    EXPECT_EQ(unescaped("trailing\\"), "trailing\\");
    EXPECT_EQ(unescaped("\\xZ1"), "\\xZ1");
    EXPECT_EQ(unescaped("no escapes"), "no escapes");
}

TEST(Tsv, EscapeUnescapeRoundTripsEveryByte) {
    std::string all;
    for (int c = 0; c < 256; ++c) {
        all += static_cast<char>(c);
    }
    all += "\\N\\\\\t\n";
    EXPECT_EQ(unescaped(escaped(all)), all);
    const std::string e = escaped(all);
    EXPECT_EQ(e.find('\t'), std::string::npos);
    EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(Tsv, ParserSplitsRowsAndFields) {
    const std::string text = "id\tname\tnote\n1\tal\\tice\t\\N\n2\t\t\\\\N\n3\tx\\ny\tz\n";
    const std::vector<Row> expected = {
        {"id", "name", "note"},
        {"1", "al\tice", std::nullopt},
        {"2", "", "\\N"},
        {"3", "x\ny", "z"},
    };
    EXPECT_EQ(parse(text, text.size()), expected);
}

TEST(Tsv, ParserAcrossChunkBoundaries) {
    std::string text;
    std::vector<Row> expected;
    const std::vector<std::string> samples = {"",    "a",        "tab\there",   "nl\nhere", "back\\slash",
                                              "\\N", "\x01\x7f", "caf\xC3\xA9", "\0nul"s,   "\r\n"};
    for (std::size_t r = 0; r < 40; ++r) {
        Row row;
        std::string line;
        for (std::size_t f = 0; f < 3; ++f) {
            if (line.size() > 0 || f > 0) {
                line += '\t';
            }
            if ((r + f) % 7 == 3) {
                line += "\\N";
                row.push_back(std::nullopt);
            } else {
                const std::string& value = samples[(r * 3 + f) % samples.size()];
                escape_tsv(value, line);
                row.push_back(value);
            }
        }
        text += line + "\n";
        expected.push_back(row);
    }
    for (std::size_t chunk : {1u, 2u, 3u, 5u, 64u, 100000u}) {
        EXPECT_EQ(parse(text, chunk), expected) << "chunk " << chunk;
    }
}

TEST(Tsv, FinalRowWithoutNewlineIsDeliveredByFinish) {
    EXPECT_EQ(parse("a\tb\nc\td", 1), (std::vector<Row>{{"a", "b"}, {"c", "d"}}));
    EXPECT_EQ(parse("a\tb\n", 1), (std::vector<Row>{{"a", "b"}}));
    EXPECT_EQ(parse("", 1), std::vector<Row>{});
}

TEST(Tsv, EmptyLineIsARowWithOneEmptyField) {
    EXPECT_EQ(parse("\n\n", 1), (std::vector<Row>{{""}, {""}}));
}

TEST(Tsv, BackslashBeforeLiteralNewlineOrTabIsPartOfTheField) {
    const std::string text = "a\\\nb\tc\\\td\n";
    for (std::size_t chunk : {1u, 2u, 100u}) {
        EXPECT_EQ(parse(text, chunk), (std::vector<Row>{{"a\nb", "c\td"}})) << chunk;
    }
}

TEST(Tsv, RowsOfChangingWidth) {
    const std::string text = "a\tb\tc\n\nx\n1\t2\t3\t4\t5\n\t\n";
    const std::vector<Row> expected = {{"a", "b", "c"}, {""}, {"x"}, {"1", "2", "3", "4", "5"}, {"", ""}};
    for (std::size_t chunk : {1u, 4u, 100u}) {
        EXPECT_EQ(parse(text, chunk), expected) << chunk;
    }
}

TEST(Tsv, LongFieldsWithEscapesAnywhereAcrossAnyChunking) {
    // Fields up to 80 bytes span several of the scanner's 16-byte blocks; escapes (including \\ before a
    // TAB or LF, and \N inside a value) land on every offset and on every chunk boundary.
    std::mt19937 random(3);
    const std::string alphabet = "abcN\\\t\n'x0";
    std::string text;
    std::vector<Row> expected;
    for (int r = 0; r < 300; ++r) {
        Row row;
        std::string line;
        const std::size_t width = std::uniform_int_distribution<std::size_t>(1, 6)(random);
        for (std::size_t f = 0; f < width; ++f) {
            if (f > 0) {
                line += '\t';
            }
            if (std::uniform_int_distribution<int>(0, 9)(random) == 0) {
                line += "\\N";
                row.push_back(std::nullopt);
                continue;
            }
            std::string value;
            const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 80)(random);
            for (std::size_t i = 0; i < size; ++i) {
                value +=
                    std::uniform_int_distribution<int>(0, 3)(random) == 0
                        ? alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)]
                        : 'v';
            }
            escape_tsv(value, line);
            row.push_back(value);
        }
        text += line + "\n";
        expected.push_back(row);
    }
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 15u, 16u, 17u, 31u, 64u, 1000u, 1000000u}) {
        EXPECT_EQ(parse(text, chunk), expected) << "chunk " << chunk;
    }
}

TEST(Tsv, RawColumnsKeepBackslashes) {
    // Array/Tuple/Map columns come as quoted literals, not TSV-escaped: their backslashes are part of the
    // value, \N is text, and a TAB still ends the field even after a backslash. A backslash before an LF
    // continues the row, as in every column.
    const std::string text = "1\t['a\\\\b']\t\\N\n"
                             "2\t['x\\\tq']\tz\n"
                             "3\t[1,\\\n2]\tz\n"
                             "4\t\\N\t\\N\n";
    const std::vector<Row> expected = {
        {"1", "['a\\\\b']", std::nullopt},
        {"2", "['x\\", "q']", "z"},
        {"3", "[1,\\\n2]", "z"},
        {"4", "\\N", std::nullopt},
    };
    for (std::size_t chunk : {1u, 2u, 5u, 100u}) {
        EXPECT_EQ(parse(text, chunk, {false, true, false}), expected) << chunk;
    }
}

TEST(Tsv, RawColumnsSetFromTheCallbackApplyToTheNextRow) {
    // ResultStream learns the types from the second header row and sets raw columns from inside the callback;
    // the rows after it in the same chunk must already be parsed with them.
    std::vector<Row> rows;
    TsvStreamParser* self = nullptr;
    TsvStreamParser parser([&](std::span<const TsvField> fields) {
        Row row;
        for (const auto& field : fields) {
            row.push_back(field.is_null ? std::nullopt : std::optional<std::string>(field.value));
        }
        if (rows.empty()) {
            self->set_raw_columns({false, true});
        }
        rows.push_back(row);
    });
    self = &parser;
    parser.feed("a\tb\n\\N\t\\N\n");
    parser.finish();
    EXPECT_EQ(rows, (std::vector<Row>{{"a", "b"}, {std::nullopt, "\\N"}}));
}

TEST(Tsv, TrailingBackslashAtEndOfStreamIsKept) {
    EXPECT_EQ(parse("x\t\\", 1), (std::vector<Row>{{"x", "\\"}}));
    EXPECT_EQ(parse("x\\", 100), (std::vector<Row>{{"x\\"}}));
    EXPECT_EQ(parse("a\n\\N", 1), (std::vector<Row>{{"a"}, {std::nullopt}}));
}

} // namespace
} // namespace ferry::formats

namespace ferry::formats {
namespace {

// Variant/Dynamic columns: ClickHouse writes an Array/Map/Tuple value as its raw literal and any other value
// escaped; a backslash outside quotes tells the two apart.
TEST(Tsv, AmbiguousColumnsAreUnescapedOnlyWhenTheirTextIsEscaped) {
    const std::string text = "['a\\'b','t\\tx']\n"
                             "x\\ty\n"
                             "\\N\n"
                             "[\\'x\\']\n"
                             "plain\n"
                             "{'k':'\\\\'}\n";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, text.size()}) {
        std::vector<std::vector<std::optional<std::string>>> rows;
        TsvStreamParser parser([&](std::span<const TsvField> fields) {
            rows.push_back({fields[0].is_null ? std::nullopt : std::optional<std::string>(fields[0].value)});
        });
        parser.set_ambiguous_columns({true});
        for (std::size_t i = 0; i < text.size(); i += chunk) {
            parser.feed(std::string_view(text).substr(i, chunk));
        }
        parser.finish();
        ASSERT_EQ(rows.size(), 6u) << chunk;
        EXPECT_EQ(rows[0][0], "['a\\'b','t\\tx']");
        EXPECT_EQ(rows[1][0], "x\ty");
        EXPECT_EQ(rows[2][0], std::nullopt);
        EXPECT_EQ(rows[3][0], "['x']");
        EXPECT_EQ(rows[4][0], "plain");
        EXPECT_EQ(rows[5][0], "{'k':'\\\\'}");
    }
}

} // namespace
} // namespace ferry::formats
