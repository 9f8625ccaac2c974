/// Where Ferry's import reads a CSV differently from ClickHouse 26.5's own CSV format, on purpose: each
/// test pins Ferry's reading (checked through the engine) and records the server's, so a change on either
/// side shows up here rather than as a silent difference in users' tables.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/sql.h"
#include "modern/modern_test.h"

namespace ferry::modern {
namespace {

using clickhouse::quote_string;

class DifferencesTest : public ModernTest {
protected:
    /// Encodes one value (nullopt: missing) for `type` with Ferry and returns `expression` (of `v`) as the
    /// engine reads Ferry's bytes.
    std::string ferry_reads(const std::string& type, const std::optional<std::string>& value,
                            const std::string& expression = "v", std::string expect_format = "RowBinary") {
        const auto encoder = clickhouse::make_insert_encoder({{"v", type}}, "UTC");
        EXPECT_EQ(encoder->format(), expect_format) << type;
        std::string body;
        encoder->value(0, value.value_or(""), !value.has_value(), body);
        encoder->end_row(body);
        const std::string path = write_file("ferry.bin", body);
        return query(fmt::format("SELECT {} FROM file({}, {}, {})", expression, quote_string(path),
                                 quote_string(encoder->format()), quote_string("v " + type)));
    }
    /// `expression` of `v` as the engine reads the CSV line `line` itself.
    std::string server_reads(const std::string& type, const std::string& line,
                             const std::string& expression = "v") {
        const std::string path = write_file("server.csv", line + "\n");
        return query(fmt::format("SELECT {} FROM file({}, 'CSV', {})", expression, quote_string(path),
                                 quote_string("v " + type)));
    }
};

// The server's Float32/Float64 text parser is not correctly rounded at the ends of the range (26.5 reads
// FLT_MAX's shortest text one unit low, and the smallest double subnormals as 0). Ferry parses with
// std::from_chars, which is: the bits are IEEE 754's.
TEST_F(DifferencesTest, FloatsAreCorrectlyRoundedWhereTheServersTextParserIsNot) {
    EXPECT_EQ(ferry_reads("Float32", "3.4028235e38", "hex(reinterpretAsUInt32(v))"), "7F7FFFFF\n");
    EXPECT_EQ(ferry_reads("Float32", "1.17549435e-38", "hex(reinterpretAsUInt32(v))"), "800000\n");
    EXPECT_EQ(ferry_reads("Float64", "5e-324", "reinterpretAsUInt64(v)"), "1\n");
    EXPECT_EQ(ferry_reads("Float64", "2.2250738585072011e-308", "hex(reinterpretAsUInt64(v))"),
              "0FFFFFFFFFFFFF\n");
    // What the server makes of the same text (recorded, not relied on).
    EXPECT_EQ(server_reads("Float32", "3.4028235e38", "hex(reinterpretAsUInt32(v))"), "7F7FFFFE\n");
    EXPECT_EQ(server_reads("Float64", "5e-324", "reinterpretAsUInt64(v)"), "0\n");
}

// BFloat16 goes as text (Ferry has no binary encoding for it) and is read by the server: a value its
// parser truncates (3.3e38) lands where the server's own CSV reading puts it, and the server's text of a
// BFloat16 near the top of the range does not read back as the same value (so export of such values is
// only as exact as the server's own round trip).
TEST_F(DifferencesTest, BFloat16IsReadByTheServer) {
    EXPECT_EQ(ferry_reads("BFloat16", "3.3e38", "v", "TabSeparated"), server_reads("BFloat16", "3.3e38"));
    const std::string printed = server_reads("BFloat16", "3.3e38", "toString(v)");
    EXPECT_NE(server_reads("BFloat16", printed.substr(0, printed.size() - 1), "toString(v)"), printed);
}

// An unquoted field keeps its blanks in Ferry (RFC 4180: they are part of the field); the server trims
// them (input_format_csv_trim_whitespaces). Ferry's CSV writer quotes such values so both read them alike.
TEST_F(DifferencesTest, UnquotedBlanksAreKept) {
    EXPECT_EQ(ferry_reads("String", "  spaces  ", "concat('[', v, ']')"), "[  spaces  ]\n");
    EXPECT_EQ(server_reads("String", "  spaces  ", "concat('[', v, ']')"), "[spaces]\n");
    EXPECT_EQ(server_reads("String", "\"  spaces  \"", "concat('[', v, ']')"), "[  spaces  ]\n");
}

// Ferry's NULL is the empty unquoted field; `\N` is two characters of text. The server's CSV reads `\N`
// as NULL (or the default of a non-Nullable column).
TEST_F(DifferencesTest, BackslashNIsText) {
    EXPECT_EQ(ferry_reads("Nullable(String)", "\\N", "isNull(v), length(v)"), "0\t2\n");
    EXPECT_EQ(ferry_reads("Nullable(String)", std::nullopt, "isNull(v)"), "1\n");
    EXPECT_EQ(server_reads("Nullable(String)", "\\N", "isNull(v)"), "1\n");
    EXPECT_EQ(server_reads("String", "\\N", "length(v)"), "0\n");
}

// A missing Enum or Tuple value is the type's default, as defaultValueOfTypeName() and an omitted column
// give it (an Enum's smallest element). The server's CSV reads an empty field as the number 0, which
// is another element or no element at all.
TEST_F(DifferencesTest, MissingEnumAndTupleValuesAreTheTypesDefault) {
    for (const std::string type :
         {"Enum8('' = 0, ' sp ' = -128, 'ünï' = 127)", "Enum16('x' = -32768, 'y' = 0)",
          "Enum8('a' = 1, 'z' = -3)", "Tuple(a Int8, b String)",
          "Tuple(Enum8('a' = 5, 'b' = 6), Nullable(Date))"}) {
        EXPECT_EQ(ferry_reads(type, std::nullopt),
                  query("SELECT defaultValueOfTypeName(" + quote_string(type) + ")"))
            << type;
    }
    EXPECT_EQ(server_reads("Enum16('x' = -32768, 'y' = 0)", ""), "y\n");
    EXPECT_NE(query_error("SELECT * FROM format(CSV, 'v Enum8(''a'' = 1)', '\n')").find("enum"),
              std::string::npos);
}

// A number for a Variant with an Array alternative: Ferry sends it as TabSeparated, which the server
// reads as the number; the server's CSV format reads it as a one-element array.
TEST_F(DifferencesTest, VariantNumberIsTheNumber) {
    const std::string type = "Variant(String, UInt64, Array(Int32))";
    EXPECT_EQ(ferry_reads(type, "42", "variantType(v), v", "TabSeparated"), "UInt64\t42\n");
    EXPECT_EQ(server_reads(type, "42", "variantType(v), v"), "Array(Int32)\t[42]\n");
}

// Not a difference: a DateTime without its own zone is read in the server's zone, by Ferry (with the zone's
// rules from its TZif file) as by the server (session_timezone stands in for a server configured so).
TEST_F(DifferencesTest, DateTimeWithoutAZoneIsReadInTheServersZone) {
    const std::vector<std::string> values = {"2023-03-26 02:30:00", "2023-10-29 02:30:00",
                                             "2023-10-29 01:59:59", "1970-01-01 01:00:00",
                                             "2100-07-01 12:00:00"};
    const auto encoder = clickhouse::make_insert_encoder({{"v", "DateTime"}}, "Europe/Berlin");
    ASSERT_EQ(encoder->format(), "RowBinary");
    std::string body;
    std::string csv;
    for (const auto& value : values) {
        encoder->value(0, value, false, body);
        csv += value + "\n";
    }
    const std::string settings = " SETTINGS session_timezone = 'Europe/Berlin'";
    const std::string ferry =
        query(fmt::format("SELECT toUnixTimestamp(v) FROM file({}, 'RowBinary', 'v DateTime')",
                          quote_string(write_file("ferry.bin", body))) +
              settings);
    const std::string server =
        query(fmt::format("SELECT toUnixTimestamp(v) FROM file({}, 'CSV', 'v DateTime')",
                          quote_string(write_file("server.csv", csv))) +
              settings);
    EXPECT_EQ(ferry, server);
    EXPECT_EQ(ferry.substr(0, 11), "1679790600\n"); // 02:30 in the spring gap reads as 03:30 CEST
}

} // namespace
} // namespace ferry::modern
