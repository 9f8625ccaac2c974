#include "formats/schema_sniffer.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "formats/type_detector.h"
#include "io/memory_stream.h"

namespace ferry::formats {
namespace {

std::vector<ColumnSchema> infer(std::string_view text, Dialect dialect = {}, std::size_t sample_rows = 1000) {
    io::MemoryReadStream stream(text);
    CsvReader reader(stream, dialect);
    return infer_schema(reader, dialect, sample_rows);
}

std::string types_of(std::string_view text, Dialect dialect = {}) {
    std::string out;
    for (const auto& column : infer(text, dialect)) {
        out += (out.empty() ? "" : " ") + column.name + ":" + column.type;
    }
    return out;
}

/// The type of a one-column file holding `values`.
std::string column_type(std::initializer_list<std::string_view> values) {
    std::string text = "c\n";
    for (auto value : values) {
        text += std::string(value) + "\n";
    }
    Dialect dialect;
    dialect.delimiter = '\t'; // so values may contain commas
    return infer(text, dialect).at(0).type;
}

TEST(TypeDetector, SingleValues) {
    EXPECT_EQ(detect_value_type("0"), ValueType::Int64);
    EXPECT_EQ(detect_value_type("-42"), ValueType::Int64);
    EXPECT_EQ(detect_value_type("9223372036854775807"), ValueType::Int64);
    EXPECT_EQ(detect_value_type("-9223372036854775808"), ValueType::Int64);
    EXPECT_EQ(detect_value_type("9223372036854775808"), ValueType::UInt64);
    EXPECT_EQ(detect_value_type("18446744073709551615"), ValueType::UInt64);
    EXPECT_EQ(detect_value_type("18446744073709551616"), ValueType::String);
    EXPECT_EQ(detect_value_type("-9223372036854775809"), ValueType::String);
    EXPECT_EQ(detect_value_type("007"), ValueType::String);
    EXPECT_EQ(detect_value_type("-01"), ValueType::String);
    EXPECT_EQ(detect_value_type("+1"), ValueType::String);
    EXPECT_EQ(detect_value_type(" 1"), ValueType::String);
    EXPECT_EQ(detect_value_type("1.5"), ValueType::Float64);
    EXPECT_EQ(detect_value_type("-0.25"), ValueType::Float64);
    EXPECT_EQ(detect_value_type(".5"), ValueType::Float64);
    EXPECT_EQ(detect_value_type("3."), ValueType::Float64);
    EXPECT_EQ(detect_value_type("1e10"), ValueType::Float64);
    EXPECT_EQ(detect_value_type("2.5E-3"), ValueType::Float64);
    EXPECT_EQ(detect_value_type("1e999"), ValueType::String);
    EXPECT_EQ(detect_value_type("00.5"), ValueType::String);
    EXPECT_EQ(detect_value_type("1e"), ValueType::String);
    EXPECT_EQ(detect_value_type("."), ValueType::String);
    EXPECT_EQ(detect_value_type("inf"), ValueType::String);
    EXPECT_EQ(detect_value_type("nan"), ValueType::String);
    EXPECT_EQ(detect_value_type("1,5"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-02-29"), ValueType::Date);
    EXPECT_EQ(detect_value_type("2023-02-29"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-13-01"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-04-31"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-1-01"), ValueType::String);
    EXPECT_EQ(detect_value_type("1969-12-31"), ValueType::String); // before ClickHouse's Date range
    EXPECT_EQ(detect_value_type("2149-06-06"), ValueType::Date);
    EXPECT_EQ(detect_value_type("2149-06-07"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-05-06 07:08:09"), ValueType::DateTime);
    EXPECT_EQ(detect_value_type("2024-05-06T23:59:59"), ValueType::DateTime);
    EXPECT_EQ(detect_value_type("2024-05-06 24:00:00"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-05-06 07:08"), ValueType::String);
    EXPECT_EQ(detect_value_type("2024-05-06 07:08:09.123"), ValueType::DateTime); // DateTime64 by column
    EXPECT_EQ(detect_value_type("2200-01-01 00:00:00"), ValueType::String);
    EXPECT_EQ(detect_value_type(""), ValueType::String);
}

TEST(SchemaSniffer, EachType) {
    EXPECT_EQ(column_type({"1", "-2", "300"}), "Int64");
    EXPECT_EQ(column_type({"1", "18446744073709551615"}), "UInt64");
    EXPECT_EQ(column_type({"1", "2.5", "-3"}), "Float64");
    EXPECT_EQ(column_type({"2024-01-01", "1999-12-31"}), "Date");
    EXPECT_EQ(column_type({"2024-01-01 10:00:00", "2024-01-01T11:30:00"}), "DateTime");
    EXPECT_EQ(column_type({"hello", "1"}), "String");
}

TEST(SchemaSniffer, RepeatedHeaderRowsAreLeftOutOfTheTypesUnlessKept) {
    const std::string text = "id,day\n1,2024-01-01\nid,day\n2,2024-01-02\n";
    EXPECT_EQ(types_of(text), "id:Int64 day:Date");
    Dialect keep;
    keep.keep_repeated_headers = true;
    EXPECT_EQ(types_of(text, keep), "id:String day:String");
}

TEST(SchemaSniffer, MixedColumnsFallBackToString) {
    EXPECT_EQ(column_type({"007", "8"}), "String");
    EXPECT_EQ(column_type({"-1", "18446744073709551615"}), "String");
    EXPECT_EQ(column_type({"1.5", "18446744073709551615"}), "String");
    EXPECT_EQ(column_type({"2024-01-01", "2024-01-01 10:00:00"}), "String");
    EXPECT_EQ(column_type({"2024-01-01", "5"}), "String");
}

TEST(SchemaSniffer, NullsMakeColumnsNullable) {
    EXPECT_EQ(types_of("a,b,c,d\n1,,x,\n,2.5,,\n3,1.5,\"\",\n"),
              "a:Nullable(Int64) b:Nullable(Float64) c:Nullable(String) d:Nullable(String)");
}

TEST(SchemaSniffer, EmptyQuotedStringIsAStringValue) {
    EXPECT_EQ(types_of("n\n1\n\"\"\n2\n"), "n:String");
    EXPECT_EQ(types_of("n\n1\n\"2\"\n"), "n:Int64"); // quoting alone does not make a string
}

TEST(SchemaSniffer, WithoutHeaderColumnsAreNumbered) {
    Dialect dialect;
    dialect.header = false;
    EXPECT_EQ(types_of("1,x,2024-01-01\n2,y,2024-01-02\n", dialect), "c1:Int64 c2:String c3:Date");
}

TEST(SchemaSniffer, HeaderOnlyAndEmptyInputs) {
    EXPECT_EQ(types_of("a,b\n"), "a:String b:String");
    EXPECT_TRUE(infer("").empty());
}

TEST(SchemaSniffer, EmptyHeaderNamesAreNumbered) {
    EXPECT_EQ(types_of("id,,\"\"\n1,2,3\n"), "id:Int64 c2:Int64 c3:Int64");
}

TEST(SchemaSniffer, DuplicateHeaderNamesAreAnError) {
    try {
        infer("x,a,b,c,a\n1,2,3,4,5\n");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        EXPECT_EQ(std::string(e.what()), "duplicate column name 'a' in header (columns 2 and 5)");
        EXPECT_EQ(e.context().column, "a");
    }
}

TEST(SchemaSniffer, WrongWidthInTheSampleIsAnError) {
    try {
        infer("a,b\n1,2\n3\n");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "line 3: expected 2 fields, found 1");
    }
}

TEST(SchemaSniffer, ReadsOnlyTheSample) {
    std::string text = "n,s\n";
    for (int i = 0; i < 10; ++i) {
        text += std::to_string(i) + ",x\n";
    }
    text += "oops,x\n"; // would make n a String if it were read
    io::MemoryReadStream stream(text);
    Dialect dialect;
    CsvReader reader(stream, dialect);
    const auto schema = infer_schema(reader, dialect, 10);
    EXPECT_EQ(schema.at(0).type, "Int64");
    // The reader is left right after the sample.
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.fields()[0].value, "oops");
}

TEST(SchemaSniffer, LargeFileIsNotReadPastTheSample) {
    // A ReadStream that would take forever to drain: inference must stop after the sample.
    class EndlessStream final : public io::ReadStream {
    public:
        std::size_t read(char* dst, std::size_t capacity) override {
            std::size_t n = 0;
            if (!header_sent_) {
                const std::string header = "id,name\n";
                std::copy(header.begin(), header.end(), dst);
                n = header.size();
                header_sent_ = true;
            }
            while (n + 16 <= capacity) {
                std::copy_n("12345,abcdefghi\n", 16, dst + n);
                n += 16;
            }
            total_ += n;
            return n;
        }
        std::uint64_t raw_bytes_read() const override { return total_; }
        std::uint64_t total_bytes() const override { return 0; }
        std::uint64_t total_ = 0;
        bool header_sent_ = false;
    };
    EndlessStream stream;
    Dialect dialect;
    CsvReader reader(stream, dialect);
    const auto schema = infer_schema(reader, dialect);
    EXPECT_EQ(schema.at(0).type, "Int64");
    EXPECT_EQ(schema.at(1).type, "String");
    EXPECT_LE(stream.total_, 2u << 20);
}

} // namespace
} // namespace ferry::formats
