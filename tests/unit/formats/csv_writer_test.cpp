#include "formats/csv_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "formats/csv_reader.h"
#include "io/memory_stream.h"

namespace ferry::formats {
namespace {

using namespace std::string_literals;

std::string write_row(const std::vector<std::optional<std::string>>& values, const Dialect& dialect = {}) {
    io::StringWriteStream out;
    CsvWriter writer(out, dialect);
    for (const auto& value : values) {
        value ? writer.field(*value) : writer.null_field();
    }
    writer.end_row();
    writer.flush();
    EXPECT_FALSE(out.finished()); // flush() never finishes the stream
    return out.data();
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(write_row({"plain", " spaced ", "caf\xC3\xA9", "1.5"}), "plain, spaced ,caf\xC3\xA9,1.5\n");
    EXPECT_EQ(write_row({"a,b"}), "\"a,b\"\n");
    EXPECT_EQ(write_row({"say \"hi\""}), "\"say \"\"hi\"\"\"\n");
    EXPECT_EQ(write_row({"\""}), "\"\"\"\"\n");
    EXPECT_EQ(write_row({"line1\nline2"}), "\"line1\nline2\"\n");
    EXPECT_EQ(write_row({"cr\r"}), "\"cr\r\"\n");
    EXPECT_EQ(write_row({"nul\0byte"s}), "nul\0byte\n"s);
}

TEST(CsvWriter, NullIsNothingAndEmptyStringIsTwoQuotes) {
    EXPECT_EQ(write_row({std::nullopt, "", "x", std::nullopt}), ",\"\",x,\n");
}

TEST(CsvWriter, OtherDelimitersAndQuotes) {
    EXPECT_EQ(write_row({"a,b", "c\td"}, Dialect{'\t'}), "a,b\t\"c\td\"\n");
    EXPECT_EQ(write_row({"a;b", "c,d"}, Dialect{';'}), "\"a;b\";c,d\n");
    Dialect single_quote;
    single_quote.quote = '\'';
    EXPECT_EQ(write_row({"it's", "\"x\""}, single_quote), "'it''s',\"x\"\n");
}

TEST(CsvWriter, NullAndEmptyStringRoundTrip) {
    const std::vector<std::vector<std::optional<std::string>>> rows = {
        {"id", "note"},     {"1", std::nullopt}, {"2", ""}, {std::nullopt, "a \"quoted\"\nmultiline, value"},
        {"", std::nullopt},
    };
    io::StringWriteStream out;
    CsvWriter writer(out, Dialect{});
    for (const auto& row : rows) {
        for (const auto& value : row) {
            value ? writer.field(*value) : writer.null_field();
        }
        writer.end_row();
    }
    writer.flush();

    io::MemoryReadStream in(out.data());
    CsvReader reader(in, Dialect{});
    for (const auto& row : rows) {
        ASSERT_TRUE(reader.next());
        ASSERT_EQ(reader.fields().size(), row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            const Field& field = reader.fields()[i];
            if (row[i]) {
                EXPECT_FALSE(field.is_null());
                EXPECT_EQ(field.value, *row[i]);
            } else {
                EXPECT_TRUE(field.is_null());
            }
        }
    }
    EXPECT_FALSE(reader.next());
}

TEST(CsvWriter, WritesLargeBlocks) {
    class CountingStream final : public io::WriteStream {
    public:
        void write(std::string_view bytes) override {
            ++writes;
            total += bytes.size();
        }
        void finish() override {}
        int writes = 0;
        std::size_t total = 0;
    };
    CountingStream out;
    CsvWriter writer(out, Dialect{});
    std::size_t expected = 0;
    for (int i = 0; i < 500000; ++i) {
        writer.field(std::to_string(i));
        writer.field("value");
        writer.end_row();
        expected += std::to_string(i).size() + 7;
    }
    EXPECT_LE(out.writes, static_cast<int>(expected / CsvWriter::kBufferSize) + 1);
    writer.flush();
    EXPECT_EQ(out.total, expected);
}

} // namespace
} // namespace ferry::formats
