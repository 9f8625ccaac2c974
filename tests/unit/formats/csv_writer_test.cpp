#include "formats/csv_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "formats/csv_reader.h"
#include "formats/tsv.h"
#include "io/memory_stream.h"

namespace ferry::formats {
namespace {

using namespace std::string_literals;

using Row = std::vector<std::optional<std::string>>;

/// The writer's rules spelled out byte by byte, to check the fast paths against.
std::string expected_csv(const std::vector<Row>& rows, const Dialect& dialect = {}) {
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out += dialect.delimiter;
            }
            if (!row[i]) {
                continue;
            }
            const std::string& value = *row[i];
            bool quote = value.empty();
            for (const char c : value) {
                quote = quote || c == dialect.delimiter || c == dialect.quote || c == '\r' || c == '\n';
            }
            if (!quote) {
                out += value;
                continue;
            }
            out += dialect.quote;
            for (const char c : value) {
                out += c;
                if (c == dialect.quote) {
                    out += c;
                }
            }
            out += dialect.quote;
        }
        out += '\n';
    }
    return out;
}

/// Records every write, to see the block sizes the writer hands to its output.
class RecordingStream final : public io::WriteStream {
public:
    void write(std::string_view bytes) override {
        data.append(bytes);
        sizes.push_back(bytes.size());
    }
    void finish() override {}
    std::string data;
    std::vector<std::size_t> sizes;
};

std::string write_rows(const std::vector<Row>& rows, const Dialect& dialect = {},
                       std::vector<std::size_t>* sizes = nullptr) {
    RecordingStream out;
    CsvWriter writer(out, dialect);
    for (const auto& row : rows) {
        for (const auto& value : row) {
            value ? writer.field(*value) : writer.null_field();
        }
        writer.end_row();
    }
    writer.flush();
    if (sizes != nullptr) {
        *sizes = out.sizes;
    }
    return out.data;
}

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
    EXPECT_EQ(write_row({"plain", "in side", "caf\xC3\xA9", "1.5"}), "plain,in side,caf\xC3\xA9,1.5\n");
    // Blanks at either end are quoted: ClickHouse trims them from unquoted fields.
    EXPECT_EQ(write_row({" lead", "trail ", "\ttab", " "}), "\" lead\",\"trail \",\"\ttab\",\" \"\n");
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

TEST(CsvWriter, EveryLengthWithASpecialByteAtEveryPosition) {
    // Values of 1..40 bytes go through different copy paths (under 4, under 8, under 16, whole and
    // overlapping 16-byte blocks); a byte that forces quoting must be seen wherever it sits.
    for (const Dialect& dialect : {Dialect{}, Dialect{';'}, Dialect{'\t', '\''}}) {
        std::vector<Row> rows;
        for (std::size_t size = 1; size <= 40; ++size) {
            rows.push_back({std::string(size, 'x')});
            for (std::size_t at = 0; at < size; ++at) {
                for (const char special : {dialect.delimiter, dialect.quote, '\r', '\n'}) {
                    std::string value(size, 'x');
                    value[at] = special;
                    rows.push_back({"a", value, std::nullopt});
                }
            }
        }
        EXPECT_EQ(write_rows(rows, dialect), expected_csv(rows, dialect)) << dialect.delimiter;
    }
}

TEST(CsvWriter, WritesFullBlocksWhateverStraddlesTheirEnd) {
    // Rows of varied widths and field sizes (some quoted, some NULL) until several blocks are written: every
    // write but the last is exactly one block, and the bytes are the same as written field by field.
    std::mt19937 random(7);
    std::vector<Row> rows;
    std::size_t total = 0;
    while (total < 3 * CsvWriter::kBufferSize + 12345) {
        Row row;
        const std::size_t width = std::uniform_int_distribution<std::size_t>(0, 12)(random);
        for (std::size_t i = 0; i < width; ++i) {
            const auto kind = std::uniform_int_distribution<int>(0, 9)(random);
            if (kind == 0) {
                row.push_back(std::nullopt);
                continue;
            }
            std::string value(std::uniform_int_distribution<std::size_t>(0, kind == 9 ? 3000 : 40)(random),
                              'v');
            if (kind == 1 && !value.empty()) {
                value[value.size() / 2] = '"';
            }
            total += value.size();
            row.push_back(value);
        }
        rows.push_back(row);
    }
    std::vector<std::size_t> sizes;
    const std::string written = write_rows(rows, {}, &sizes);
    EXPECT_EQ(written, expected_csv(rows));
    ASSERT_GE(sizes.size(), 4u);
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        EXPECT_EQ(sizes[i], CsvWriter::kBufferSize) << "write " << i;
    }
}

TEST(CsvWriter, FieldsLongerThanTheBuffer) {
    std::string plain(3 * CsvWriter::kBufferSize + 7, 'p');
    std::string quoted = plain;
    quoted[CsvWriter::kBufferSize] = '"'; // the only reason to quote is far into the value
    std::string newline_at_end = plain;
    newline_at_end.back() = '\n';
    std::string many_quotes(CsvWriter::kBufferSize + 1, '"');
    const std::vector<Row> rows = {
        {"before", plain, "after"},
        {quoted},
        {std::nullopt, newline_at_end},
        {many_quotes, "x"},
        {std::string(65535, 'a'), std::string(65536, 'b'), std::string(65537, 'c'), std::string(70000, ',')},
    };
    std::vector<std::size_t> sizes;
    EXPECT_EQ(write_rows(rows, {}, &sizes), expected_csv(rows));
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        EXPECT_EQ(sizes[i], CsvWriter::kBufferSize) << "write " << i;
    }
}

TEST(CsvWriter, WriteRowTranscodesTsvFields) {
    const std::vector<TsvField> row = {
        {"1", false}, {"", true}, {"", false}, {"a,b", false}, {"say \"hi\"", false}};
    io::StringWriteStream out;
    CsvWriter writer(out, Dialect{});
    writer.write_row(row);
    writer.write_row(std::span<const TsvField>(row).first(1));
    writer.write_row({});
    writer.flush();
    EXPECT_EQ(out.data(), "1,,\"\",\"a,b\",\"say \"\"hi\"\"\"\n1\n\n");
}

} // namespace
} // namespace ferry::formats
