#include "formats/tsv.h"

#include <gtest/gtest.h>

#include <optional>
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

std::vector<Row> parse(std::string_view text, std::size_t chunk_size) {
    std::vector<Row> rows;
    TsvStreamParser parser([&](std::span<const TsvField> fields) {
        Row row;
        for (const auto& field : fields) {
            row.push_back(field.is_null ? std::nullopt : std::optional<std::string>(field.value));
        }
        rows.push_back(row);
    });
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

} // namespace
} // namespace ferry::formats
