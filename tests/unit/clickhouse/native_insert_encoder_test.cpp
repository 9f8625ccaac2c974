#include "clickhouse/native_insert_encoder.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/hex.h"

namespace ferry::clickhouse {
namespace {

using test::to_hex;

/// Spaced hex of a VarUInt-prefixed string.
std::string string_hex(std::string_view text) {
    std::string out;
    append_varuint(text.size(), out);
    out += text;
    return to_hex(out);
}

std::unique_ptr<InsertEncoder> encoder_for(const std::vector<ColumnInfo>& columns) {
    auto encoder = make_native_insert_encoder(columns, "UTC");
    EXPECT_NE(encoder, nullptr);
    return encoder;
}

TEST(NativeInsertEncoder, VarUIntIsLeb128) {
    std::string out;
    append_varuint(0, out);
    append_varuint(127, out);
    append_varuint(128, out);
    append_varuint(300, out);
    append_varuint(~std::uint64_t{0}, out);
    EXPECT_EQ(to_hex(out), "00 7f 80 01 ac 02 ff ff ff ff ff ff ff ff ff 01");
}

TEST(NativeInsertEncoder, WritesOneBlockColumnByColumnWithNullMapsFirst) {
    const auto encoder = encoder_for({{"id", "UInt32"}, {"s", "Nullable(String)"}, {"d", "Date"}});
    ASSERT_EQ(encoder->format(), "Native");
    std::string out;
    encoder->value(0, "1", false, out);
    encoder->value(1, "ab", false, out);
    encoder->value(2, "1970-01-03", false, out);
    encoder->end_row(out);
    encoder->value(0, "258", false, out);
    encoder->value(1, "", true, out); // NULL: flag 1, the nested column gets the default ""
    encoder->value(2, "", true, out); // missing Date: its default, day 0
    encoder->end_row(out);
    EXPECT_EQ(out, "") << "nothing is written before the block ends";
    EXPECT_EQ(encoder->pending_bytes(), 4u + 4 + 2 + 3 + 1 + 2 + 2);
    encoder->end_block(out);
    EXPECT_EQ(to_hex(out), "03 02 " + string_hex("id") + " " + string_hex("UInt32") +
                               " 01 00 00 00 02 01 00 00 " + string_hex("s") + " " +
                               string_hex("Nullable(String)") + " 00 01 02 61 62 00 " + string_hex("d") +
                               " " + string_hex("Date") + " 02 00 00 00");
    EXPECT_EQ(encoder->pending_bytes(), 0u);
    std::string again;
    encoder->end_block(again);
    EXPECT_EQ(again, "") << "no rows, no block (an empty block would still be a block)";
}

TEST(NativeInsertEncoder, ABadValueCutsEveryColumnBackToTheLastWholeRow) {
    const auto encoder = encoder_for({{"id", "UInt8"}, {"n", "Nullable(Int16)"}, {"s", "String"}});
    std::string out;
    encoder->value(0, "7", false, out);
    encoder->value(1, "", true, out);
    encoder->value(2, "x", false, out);
    encoder->end_row(out);
    // The next row fails in its second column, after the first and the null flag were written.
    encoder->value(0, "8", false, out);
    try {
        encoder->value(1, "70000", false, out);
        FAIL() << "70000 is not an Int16";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_NE(std::string(error.what()).find("column n: '70000'"), std::string::npos) << error.what();
    }
    encoder->cancel_row();
    encoder->value(0, "9", false, out);
    encoder->value(1, "-2", false, out);
    encoder->value(2, "", false, out);
    encoder->end_row(out);
    // A half row left when the block ends is dropped too.
    encoder->value(0, "10", false, out);
    encoder->end_block(out);
    EXPECT_EQ(to_hex(out), "03 02 " + string_hex("id") + " " + string_hex("UInt8") + " 07 09 " +
                               string_hex("n") + " " + string_hex("Nullable(Int16)") + " 01 00 00 00 fe ff " +
                               string_hex("s") + " " + string_hex("String") + " 01 78 00");
}

TEST(NativeInsertEncoder, FixedWidthValuesAreTheRowBinaryBytes) {
    const std::vector<ColumnInfo> columns = {{"f", "Float64"},
                                             {"fs", "FixedString(3)"},
                                             {"dt", "DateTime('UTC')"},
                                             {"dec", "Decimal(9, 2)"},
                                             {"u", "UUID"},
                                             {"e", "Enum8('a' = 1, 'b' = -2)"}};
    const std::vector<std::string> values = {
        "0.1", "ab", "2020-01-02 03:04:05", "-1.5", "00112233-4455-6677-8899-aabbccddeeff", "b"};
    const auto native = encoder_for(columns);
    const auto row_binary = make_insert_encoder(columns, "UTC");
    ASSERT_EQ(row_binary->format(), "RowBinary");
    std::string block;
    std::string expected = "06 01";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        native->value(i, values[i], false, block);
        std::string bytes;
        row_binary->value(i, values[i], false, bytes);
        expected +=
            " " + string_hex(columns[i].name) + " " + string_hex(columns[i].type) + " " + to_hex(bytes);
    }
    native->end_row(block);
    native->end_block(block);
    EXPECT_EQ(to_hex(block), expected);
}

TEST(NativeInsertEncoder, LowCardinalityCompositesAndUnknownTypesAreLeftToTheOtherEncoders) {
    EXPECT_EQ(make_native_insert_encoder({{"a", "Int32"}, {"l", "LowCardinality(String)"}}, "UTC"), nullptr);
    EXPECT_EQ(make_native_insert_encoder({{"a", "Array(Int32)"}}, "UTC"), nullptr);
    EXPECT_EQ(make_native_insert_encoder({{"a", "Tuple(Int32, String)"}}, "UTC"), nullptr);
    EXPECT_EQ(make_native_insert_encoder({{"a", "IPv4"}}, "UTC"), nullptr);
    EXPECT_EQ(make_native_insert_encoder({{"a", "AggregateFunction(sum, UInt64)"}}, "UTC"), nullptr);
    EXPECT_EQ(make_native_insert_encoder({}, "UTC"), nullptr);
    // DateTime64 in a zone with rules goes as text (see ScalarCodec::set_time_zone): not Native either.
    EXPECT_EQ(make_native_insert_encoder({{"t", "DateTime64(3, 'Europe/Berlin')"}}, "UTC"), nullptr);
    EXPECT_NE(make_native_insert_encoder({{"t", "DateTime('Europe/Berlin')"}}, "UTC"), nullptr);
}

TEST(NativeInsertEncoder, LowCardinalityGoesAsItsPlainTypeWhereTheServerConvertsIt) {
    // Same rows, once for plain columns and once for LowCardinality ones: the block is the plain columns'
    // block, type names included (the server builds the dictionary).
    const auto plain = encoder_for({{"s", "String"}, {"n", "Nullable(String)"}, {"d", "Nullable(Date)"}});
    const auto low = make_native_insert_encoder(
        {{"s", "LowCardinality(String)"}, {"n", "LowCardinality(Nullable(String))"}, {"d", "LowCardinality(Nullable(Date))"}},
        "UTC", true);
    ASSERT_NE(low, nullptr);
    std::string plain_block;
    std::string low_block;
    for (const auto& [s, n] : std::vector<std::pair<std::string, std::optional<std::string>>>{
             {"a", "x"}, {"", std::nullopt}, {"a", ""}}) {
        for (auto* encoder : {plain.get(), low.get()}) {
            std::string& out = encoder == plain.get() ? plain_block : low_block;
            encoder->value(0, s, false, out);
            encoder->value(1, n.value_or(""), !n, out);
            encoder->value(2, "2024-02-29", false, out);
            encoder->end_row(out);
        }
    }
    plain->end_block(plain_block);
    low->end_block(low_block);
    EXPECT_EQ(to_hex(low_block), to_hex(plain_block));
    // Still nothing of LowCardinality's own form, nor composites inside it.
    EXPECT_EQ(make_native_insert_encoder({{"l", "LowCardinality(Array(String))"}}, "UTC", true), nullptr);
}

} // namespace
} // namespace ferry::clickhouse
