#include "clickhouse/insert_encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "clickhouse/text_encoder.h"
#include "clickhouse/time_zone.h"
#include "clickhouse/type.h"
#include "clickhouse/value_text.h"
#include "common/error.h"
#include "support/hex.h"

namespace ferry::clickhouse {
namespace {

/// Bytes from a hex string ("05 00 ff"), spaces ignored.
std::string hex(std::string_view text) {
    std::string out;
    int high = -1;
    for (char c : text) {
        if (c == ' ') {
            continue;
        }
        const int nibble = c <= '9' ? c - '0' : c - 'a' + 10;
        if (high < 0) {
            high = nibble;
        } else {
            out += static_cast<char>(high * 16 + nibble);
            high = -1;
        }
    }
    return out;
}

using test::to_hex;

/// RowBinary encoding of one value of a one-column insert, as spaced hex.
std::string binary(const std::string& type, std::string_view text, bool is_null = false) {
    const auto encoder = make_insert_encoder({{"c", type}}, "UTC");
    EXPECT_EQ(encoder->format(), "RowBinary") << type;
    std::string out;
    encoder->value(0, text, is_null, out);
    encoder->end_row(out);
    return to_hex(out);
}

/// TabSeparated encoding of one value of a one-column insert.
std::string text(const std::string& type, std::string_view value, bool is_null = false) {
    const auto encoder = make_insert_encoder({{"c", type}}, "UTC", true);
    EXPECT_EQ(encoder->format(), "TabSeparated");
    std::string out;
    encoder->value(0, value, is_null, out);
    return out;
}

/// The message of the Error encoding `value` throws, in RowBinary (or TabSeparated when `as_text`).
std::string error(const std::string& type, std::string_view value, bool as_text = false) {
    const auto encoder = make_insert_encoder({{"c", type}}, "UTC", as_text);
    std::string out;
    try {
        encoder->value(0, value, false, out);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        return e.what();
    }
    return "no error";
}

std::string format_of(const std::vector<ColumnInfo>& columns, const std::string& zone = "UTC") {
    return std::string(make_insert_encoder(columns, zone)->format());
}

TEST(InsertEncoderTest, SmallIntegers) {
    EXPECT_EQ(binary("Int8", "-1"), "ff");
    EXPECT_EQ(binary("Int8", "127"), "7f");
    EXPECT_EQ(binary("Int8", "+5"), "05");
    EXPECT_EQ(binary("Int16", "-2"), "fe ff");
    EXPECT_EQ(binary("Int32", "5"), "05 00 00 00");
    EXPECT_EQ(binary("Int32", "-2147483648"), "00 00 00 80");
    EXPECT_EQ(binary("Int64", "1"), "01 00 00 00 00 00 00 00");
    EXPECT_EQ(binary("Int64", "-9223372036854775808"), "00 00 00 00 00 00 00 80");
    EXPECT_EQ(binary("UInt8", "255"), "ff");
    EXPECT_EQ(binary("UInt8", "-0"), "00");
    EXPECT_EQ(binary("UInt16", "513"), "01 02");
    EXPECT_EQ(binary("UInt32", "4294967295"), "ff ff ff ff");
    EXPECT_EQ(binary("UInt64", "18446744073709551615"), "ff ff ff ff ff ff ff ff");
    EXPECT_EQ(binary("UInt64", "007"), "07 00 00 00 00 00 00 00");
}

TEST(InsertEncoderTest, IntegerErrors) {
    EXPECT_EQ(error("Int32", "abc"), "column c: 'abc' is not a valid Int32");
    EXPECT_EQ(error("UInt8", "300"), "column c: '300' is out of range for UInt8");
    EXPECT_EQ(error("UInt8", "-1"), "column c: '-1' is out of range for UInt8");
    EXPECT_EQ(error("Int8", "-129"), "column c: '-129' is out of range for Int8");
    EXPECT_EQ(error("Int64", "9223372036854775808"),
              "column c: '9223372036854775808' is out of range for Int64");
    for (const char* bad : {"", " 1", "1 ", "1.0", "1e3", "+-1", "--1", "0x10", "1_000", "+"}) {
        EXPECT_EQ(error("Int32", bad), "column c: '" + std::string(bad) + "' is not a valid Int32") << bad;
    }
}

TEST(InsertEncoderTest, ErrorCarriesColumnAndPrintableValue) {
    const auto encoder = make_insert_encoder({{"id", "UInt8"}, {"amount", "Int32"}}, "UTC");
    std::string out;
    encoder->value(0, "1", false, out);
    try {
        encoder->value(1, "a\tb", false, out);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "column amount: 'a\\tb' is not a valid Int32");
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        EXPECT_EQ(e.context().column, "amount");
        EXPECT_EQ(e.context().value, "a\\tb");
        EXPECT_FALSE(e.context().line.has_value());
    }
}

TEST(InsertEncoderTest, WideIntegers) {
    EXPECT_EQ(binary("Int128", "-1"), "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
    EXPECT_EQ(binary("Int128", "1"), "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    EXPECT_EQ(binary("Int128", "170141183460469231731687303715884105727"),
              "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 7f");
    EXPECT_EQ(binary("Int128", "-170141183460469231731687303715884105728"),
              "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80");
    EXPECT_EQ(error("Int128", "170141183460469231731687303715884105728"),
              "column c: '170141183460469231731687303715884105728' is out of range for Int128");
    EXPECT_EQ(binary("UInt128", "340282366920938463463374607431768211455"),
              "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
    EXPECT_EQ(error("UInt128", "340282366920938463463374607431768211456"),
              "column c: '340282366920938463463374607431768211456' is out of range for UInt128");
    EXPECT_EQ(error("UInt128", "-1"), "column c: '-1' is out of range for UInt128");
    EXPECT_EQ(binary("Int256", "12345678901234567890123"),
              to_hex(hex("cb444271764eb6429d02") + std::string(22, '\0')));
    std::string minus_two = "fe";
    for (int i = 0; i < 31; ++i) {
        minus_two += " ff";
    }
    EXPECT_EQ(binary("Int256", "-2"), minus_two);
    const std::string max_u256 =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    EXPECT_EQ(binary("UInt256", max_u256), to_hex(std::string(32, '\xff')));
    EXPECT_EQ(error("UInt256", max_u256.substr(0, max_u256.size() - 1) + "6"),
              "column c: '" + max_u256.substr(0, max_u256.size() - 1) + "6' is out of range for UInt256");
    EXPECT_EQ(error("UInt256", max_u256 + "0"), "column c: '" + max_u256 + "0' is out of range for UInt256");
    EXPECT_EQ(error("Int128", "1.5"), "column c: '1.5' is not a valid Int128");
}

TEST(InsertEncoderTest, Floats) {
    EXPECT_EQ(binary("Float32", "1.5"), "00 00 c0 3f");
    EXPECT_EQ(binary("Float64", "0.1"), "9a 99 99 99 99 99 b9 3f");
    EXPECT_EQ(binary("Float64", "+0.1"), "9a 99 99 99 99 99 b9 3f");
    EXPECT_EQ(binary("Float64", "1e1"), "00 00 00 00 00 00 24 40");
    EXPECT_EQ(binary("Float64", "inf"), "00 00 00 00 00 00 f0 7f");
    EXPECT_EQ(binary("Float64", "+inf"), "00 00 00 00 00 00 f0 7f");
    EXPECT_EQ(binary("Float64", "-inf"), "00 00 00 00 00 00 f0 ff");
    EXPECT_EQ(binary("Float64", "-Infinity"), "00 00 00 00 00 00 f0 ff");
    EXPECT_EQ(binary("Float64", "4.9e-324"), "01 00 00 00 00 00 00 00");
    EXPECT_EQ(binary("Float64", "1e-400"), "00 00 00 00 00 00 00 00"); // rounds to zero
    EXPECT_EQ(binary("Float64", "-1e-400"), "00 00 00 00 00 00 00 80");
    EXPECT_EQ(binary("Float64", "1.7976931348623157e308"), "ff ff ff ff ff ff ef 7f");
    EXPECT_EQ(error("Float64", "1e400"), "column c: '1e400' is out of range for Float64");
    EXPECT_EQ(error("Float64", "-0.5e309"), "column c: '-0.5e309' is out of range for Float64");
    EXPECT_EQ(error("Float32", "1e39"), "column c: '1e39' is out of range for Float32");
    EXPECT_EQ(error("Float64", "0x10"), "column c: '0x10' is not a valid Float64");
    EXPECT_EQ(error("Float64", "1,5"), "column c: '1,5' is not a valid Float64");
    EXPECT_EQ(error("Float64", ""), "column c: '' is not a valid Float64");
    EXPECT_EQ(error("Float64", "++1"), "column c: '++1' is not a valid Float64");

    const auto encoder = make_insert_encoder({{"c", "Float64"}}, "UTC");
    std::string out;
    encoder->value(0, "nan", false, out);
    double value = 0;
    ASSERT_EQ(out.size(), 8u);
    std::memcpy(&value, out.data(), 8);
    EXPECT_TRUE(std::isnan(value));
}

TEST(InsertEncoderTest, Bool) {
    EXPECT_EQ(binary("Bool", "true"), "01");
    EXPECT_EQ(binary("Bool", "FALSE"), "00");
    EXPECT_EQ(binary("Bool", "1"), "01");
    EXPECT_EQ(binary("Bool", "0"), "00");
    EXPECT_EQ(error("Bool", "yes"), "column c: 'yes' is not a valid Bool");
    EXPECT_EQ(text("Bool", "1"), "true");
}

TEST(InsertEncoderTest, Strings) {
    EXPECT_EQ(binary("String", "ab"), "02 61 62");
    EXPECT_EQ(binary("String", ""), "00");
    const std::string long_value(200, 'x');
    EXPECT_EQ(binary("String", long_value).substr(0, 8), "c8 01 78");
    EXPECT_EQ(binary("String", std::string("a\0b", 3)), "03 61 00 62");
    EXPECT_EQ(binary("FixedString(4)", "ab"), "61 62 00 00");
    EXPECT_EQ(binary("FixedString(4)", "abcd"), "61 62 63 64");
    EXPECT_EQ(error("FixedString(4)", "abcde"), "column c: 'abcde' is too long for FixedString(4)");
    EXPECT_EQ(binary("LowCardinality(String)", "x"), "01 78");
}

TEST(InsertEncoderTest, Dates) {
    EXPECT_EQ(binary("Date", "1970-01-02"), "01 00");
    EXPECT_EQ(binary("Date", "2149-06-06"), "ff ff");
    EXPECT_EQ(binary("Date", "0000-00-00"), "00 00");
    EXPECT_EQ(binary("Date", "19000"), "38 4a");
    EXPECT_EQ(error("Date", "2149-06-07"), "column c: '2149-06-07' is out of range for Date");
    EXPECT_EQ(error("Date", "1969-12-31"), "column c: '1969-12-31' is out of range for Date");
    EXPECT_EQ(error("Date", "2020-02-30"), "column c: '2020-02-30' is not a valid Date");
    EXPECT_EQ(binary("Date", "2020-02-29"), "91 47");
    EXPECT_EQ(error("Date", "2021-02-29"), "column c: '2021-02-29' is not a valid Date");
    EXPECT_EQ(error("Date", "2020-1-1"), "column c: '2020-1-1' is not a valid Date");
    EXPECT_EQ(error("Date", "2020-01-01 00:00:00"), "column c: '2020-01-01 00:00:00' is not a valid Date");
    EXPECT_EQ(binary("Date32", "1900-01-01"), "21 9c ff ff");
    EXPECT_EQ(binary("Date32", "1969-12-31"), "ff ff ff ff");
    EXPECT_EQ(error("Date32", "2300-01-01"), "column c: '2300-01-01' is out of range for Date32");
}

TEST(InsertEncoderTest, DateTimes) {
    const std::string expected = "a5 5d 0d 5e"; // 1577934245
    EXPECT_EQ(binary("DateTime", "2020-01-02 03:04:05"), expected);
    EXPECT_EQ(binary("DateTime", "2020-01-02T03:04:05"), expected);
    EXPECT_EQ(binary("DateTime", "1577934245"), expected);
    EXPECT_EQ(binary("DateTime('UTC')", "2020-01-02T03:04:05Z"), expected);
    EXPECT_EQ(binary("DateTime('Etc/UTC')", "2020-01-02T06:04:05+03:00"), expected);
    EXPECT_EQ(binary("DateTime", "2020-01-02T00:04:05-0300"), expected);
    EXPECT_EQ(binary("DateTime", "2020-01-02 03:04:05.000"), expected);
    EXPECT_EQ(binary("DateTime", "2020-01-02"), "80 32 0d 5e");
    EXPECT_EQ(binary("DateTime", "0"), "00 00 00 00");
    EXPECT_EQ(binary("DateTime", "0000-00-00 00:00:00"), "00 00 00 00");
    EXPECT_EQ(binary("DateTime", "2106-02-07 06:28:15"), "ff ff ff ff");
    EXPECT_EQ(error("DateTime", "2106-02-07 06:28:16"),
              "column c: '2106-02-07 06:28:16' is out of range for DateTime");
    EXPECT_EQ(error("DateTime", "1969-12-31 23:59:59"),
              "column c: '1969-12-31 23:59:59' is out of range for DateTime");
    EXPECT_EQ(error("DateTime", "-1"), "column c: '-1' is out of range for DateTime");
    EXPECT_EQ(error("DateTime", "2020-01-02 03:04:05.5"),
              "column c: '2020-01-02 03:04:05.5' has too many digits after the point for DateTime");
    EXPECT_EQ(error("DateTime", "2020-01-02 24:00:00"),
              "column c: '2020-01-02 24:00:00' is not a valid DateTime");
    EXPECT_EQ(error("DateTime", "2020-01-02 3:04:05"),
              "column c: '2020-01-02 3:04:05' is not a valid DateTime");
    EXPECT_EQ(error("DateTime", "2020-01-02 03:04"), "column c: '2020-01-02 03:04' is not a valid DateTime");
    EXPECT_EQ(error("DateTime", "2020-01-02 03:04:05 "),
              "column c: '2020-01-02 03:04:05 ' is not a valid DateTime");
    EXPECT_EQ(error("DateTime", "1e9"), "column c: '1e9' is not a valid DateTime");
}

TEST(InsertEncoderTest, DateTime64) {
    EXPECT_EQ(binary("DateTime64(3)", "2020-01-02 03:04:05.123"), "03 cd 35 64 6f 01 00 00");
    EXPECT_EQ(binary("DateTime64(3, 'UTC')", "2020-01-02T03:04:05.123Z"), "03 cd 35 64 6f 01 00 00");
    EXPECT_EQ(binary("DateTime64(3)", "1577934245.5"), "7c ce 35 64 6f 01 00 00");
    EXPECT_EQ(binary("DateTime64(3)", "2020-01-02 03:04:05.1230"), "03 cd 35 64 6f 01 00 00");
    EXPECT_EQ(binary("DateTime64(3)", "1900-01-01 00:00:00"), "00 dc 01 ae fd fd ff ff");
    EXPECT_EQ(error("DateTime64(3)", "2020-01-02 03:04:05.1234"),
              "column c: '2020-01-02 03:04:05.1234' has too many digits after the point for DateTime64(3)");
    EXPECT_EQ(error("DateTime64(3)", "1899-12-31 23:59:59"),
              "column c: '1899-12-31 23:59:59' is out of range for DateTime64(3)");
    EXPECT_EQ(binary("DateTime64(0)", "0"), "00 00 00 00 00 00 00 00");
}

TEST(InsertEncoderTest, Decimals) {
    EXPECT_EQ(binary("Decimal(9, 2)", "1.5"), "96 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "1.250"), "7d 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "-0.01"), "ff ff ff ff");
    EXPECT_EQ(binary("Decimal(9, 2)", "9999999.99"), "ff c9 9a 3b");
    EXPECT_EQ(binary("Decimal(9, 2)", "1e2"), "10 27 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "125e-2"), "7d 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", ".5"), "32 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "1."), "64 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "-0"), "00 00 00 00");
    EXPECT_EQ(binary("Decimal(9, 2)", "0000012.30"), "ce 04 00 00");
    EXPECT_EQ(error("Decimal(9, 2)", "1.255"),
              "column c: '1.255' has too many digits after the point for Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "10000000"), "column c: '10000000' is out of range for Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "1e300"), "column c: '1e300' is out of range for Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "abc"), "column c: 'abc' is not a valid Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "."), "column c: '.' is not a valid Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "1e"), "column c: '1e' is not a valid Decimal(9, 2)");
    EXPECT_EQ(error("Decimal(9, 2)", "nan"), "column c: 'nan' is not a valid Decimal(9, 2)");
    EXPECT_EQ(binary("Decimal(18, 4)", "123.4567"), "87 d6 12 00 00 00 00 00");
    EXPECT_EQ(binary("Decimal32(3)", "-1"), "18 fc ff ff");
    EXPECT_EQ(binary("Decimal(38, 10)", "-1"), to_hex(hex("001cf4abfdffffffffffffffffffffff")));
    EXPECT_EQ(binary("Decimal(76, 0)", "1" + std::string(75, '0')),
              to_hex(hex("000000000000000000e88ebe312af28bf2503d977778f0b32b82c281ddfa3502")));
    EXPECT_EQ(binary("Decimal(76, 0)", "-" + std::string(76, '9')),
              to_hex(hex("010000000000000000f06a8e0e5a8a8886d69a17544b9bf84aea66ee5833e4e9")));
    EXPECT_EQ(error("Decimal(76, 0)", std::string(77, '9')),
              "column c: '" + std::string(77, '9') + "' is out of range for Decimal(76, 0)");
    EXPECT_EQ(binary("Decimal(38, 2)",
                     "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                     "000000000000000"),
              to_hex(std::string(16, '\0')));
}

TEST(InsertEncoderTest, Uuid) {
    const std::string expected = "77 66 55 44 33 22 11 00 ff ee dd cc bb aa 99 88";
    EXPECT_EQ(binary("UUID", "00112233-4455-6677-8899-aabbccddeeff"), expected);
    EXPECT_EQ(binary("UUID", "00112233-4455-6677-8899-AABBCCDDEEFF"), expected);
    EXPECT_EQ(binary("UUID", "00112233445566778899aabbccddeeff"), expected);
    EXPECT_EQ(error("UUID", "00112233-4455-6677-8899-aabbccddeefg"),
              "column c: '00112233-4455-6677-8899-aabbccddeefg' is not a valid UUID");
    EXPECT_EQ(error("UUID", "{00112233-4455-6677-8899-aabbccddeeff}"),
              "column c: '{00112233-4455-6677-8899-aabbccddeeff}' is not a valid UUID");
    EXPECT_EQ(text("UUID", "00112233445566778899AABBCCDDEEFF"), "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(InsertEncoderTest, Enums) {
    const std::string type = R"(Enum8('a' = 1, 'b\'c' = 2, 'z' = -3))";
    EXPECT_EQ(binary(type, "a"), "01");
    EXPECT_EQ(binary(type, "b'c"), "02");
    EXPECT_EQ(binary(type, "2"), "02");
    EXPECT_EQ(binary(type, "-3"), "fd");
    EXPECT_EQ(error(type, "7"), "column c: '7' is not a valid " + type);
    EXPECT_EQ(error(type, "d"), "column c: 'd' is not a valid " + type);
    EXPECT_EQ(binary("Enum16('a' = 1000, 'b' = -1000)", "a"), "e8 03");
    EXPECT_EQ(binary("Enum16('a' = 1000, 'b' = -1000)", "b"), "18 fc");
    // A name that looks like a number wins over the number.
    EXPECT_EQ(binary("Enum8('1' = 2, 'x' = 1)", "1"), "02");
    EXPECT_EQ(text(type, "2"), "b'c");
    EXPECT_EQ(text("Enum8('a\\tb' = 1)", "1"), "a\\tb");
}

TEST(InsertEncoderTest, NullableAndLowCardinality) {
    EXPECT_EQ(binary("Nullable(Int32)", "", true), "01");
    EXPECT_EQ(binary("Nullable(Int32)", "5"), "00 05 00 00 00");
    EXPECT_EQ(binary("LowCardinality(Nullable(String))", "", true), "01");
    EXPECT_EQ(binary("LowCardinality(Nullable(String))", "x"), "00 01 78");
    EXPECT_EQ(binary("Nullable(String)", ""), "00 00"); // empty is a value, not NULL
    EXPECT_EQ(error("Nullable(Int32)", "x"), "column c: 'x' is not a valid Int32");
    EXPECT_EQ(text("Nullable(Int32)", "", true), "\\N");
    EXPECT_EQ(text("LowCardinality(Nullable(String))", "", true), "\\N");
}

TEST(InsertEncoderTest, MissingValuesOfNonNullableTypesAreDefaults) {
    EXPECT_EQ(binary("Int32", "", true), "00 00 00 00");
    EXPECT_EQ(binary("String", "", true), "00");
    EXPECT_EQ(binary("FixedString(3)", "", true), "00 00 00");
    EXPECT_EQ(binary("Date", "", true), "00 00");
    EXPECT_EQ(binary("DateTime64(3)", "", true), "00 00 00 00 00 00 00 00");
    EXPECT_EQ(binary("Decimal(20, 2)", "", true), to_hex(std::string(16, '\0')));
    EXPECT_EQ(binary("UUID", "", true), to_hex(std::string(16, '\0')));
    EXPECT_EQ(binary("Enum8('b' = 2, 'a' = -1)", "", true), "ff"); // the smallest value, as the server
    EXPECT_EQ(binary("Bool", "", true), "00");

    EXPECT_EQ(text("Int32", "", true), "0");
    EXPECT_EQ(text("Float64", "", true), "0");
    EXPECT_EQ(text("String", "", true), "");
    EXPECT_EQ(text("Date", "", true), "1970-01-01");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "", true), "0000000000");
    EXPECT_EQ(text("DateTime64(3, 'Europe/Moscow')", "", true), "0000000000");
    EXPECT_EQ(text("UUID", "", true), "00000000-0000-0000-0000-000000000000");
    EXPECT_EQ(text("Enum8('b' = 2, 'a\\tz' = -1)", "", true), "a\\tz");
    EXPECT_EQ(text("Array(String)", "", true), "[]");
    EXPECT_EQ(text("Map(String, UInt8)", "", true), "{}");
    EXPECT_EQ(text("Tuple(Int8, String, Date, Nullable(Int8), Enum8('x\\'y' = 1))", "", true),
              "(0,'','1970-01-01',NULL,'x\\'y')");
    EXPECT_EQ(text("Tuple(Enum8('a\\tb' = 1), Array(Int8))", "", true), "('a\\tb',[])");
    EXPECT_EQ(text("IPv4", "", true), "0.0.0.0");
    EXPECT_EQ(text("LowCardinality(IPv6)", "", true), "::");
    EXPECT_EQ(text("Nullable(IPv4)", "", true), "\\N");
    EXPECT_EQ(error("AggregateFunction(sum, UInt64)", "", true), "no error"); // a value is given
    const auto encoder = make_insert_encoder({{"agg", "AggregateFunction(sum, UInt64)"}}, "UTC");
    std::string out;
    try {
        encoder->value(0, "", true, out);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(
            std::string(e.what()),
            "column agg: a value is required (Ferry knows no default for AggregateFunction(sum, UInt64))");
        EXPECT_EQ(e.context().column, "agg");
    }
}

TEST(InsertEncoderTest, FormatChoice) {
    EXPECT_EQ(format_of({{"a", "Int32"}, {"b", "Nullable(String)"}, {"c", "DateTime"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Int32"}, {"b", "Array(String)"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Map(String, UInt64)"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Tuple(Int8, String)"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Nested(x Int8, y Array(String))"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Array(Array(Nullable(Int8)))"}, {"b", "Map(String, Tuple(Date, UUID))"}}),
              "RowBinary");
    EXPECT_EQ(format_of({{"a", "IPv4"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Array(IPv4)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Tuple(String, IPv6)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Array(Nothing)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Array(JSON)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "AggregateFunction(sum, UInt64)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Not A (Type"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Nullable(DateTime64(3, 'Asia/Tokyo'))"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime('No/Such_Zone')"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime('../../etc/passwd')"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime"}}, ""), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime"}}, "Etc/UTC"), "RowBinary");
    EXPECT_EQ(format_of({{"a", "DateTime('UTC')"}}, "Europe/Moscow"), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Date"}, {"b", "String"}}, "Europe/Moscow"), "RowBinary");
    EXPECT_EQ(format_of({{"a", "LowCardinality(Nullable(String))"}, {"b", "Enum8('a' = 1)"}}), "RowBinary");
    EXPECT_EQ(std::string(make_insert_encoder({{"a", "Int32"}}, "UTC", true)->format()), "TabSeparated");
}

TEST(InsertEncoderTest, RowBinaryRow) {
    const auto encoder =
        make_insert_encoder({{"id", "UInt16"}, {"name", "String"}, {"v", "Nullable(Int8)"}}, "UTC");
    std::string out;
    encoder->value(0, "258", false, out);
    encoder->value(1, "hi", false, out);
    encoder->value(2, "", true, out);
    encoder->end_row(out);
    EXPECT_EQ(to_hex(out), "02 01 02 68 69 01");
}

TEST(InsertEncoderTest, TextRowEscapesAndCanonicalizes) {
    const auto encoder = make_insert_encoder({{"i", "Int32"},
                                              {"s", "String"},
                                              {"a", "Array(String)"},
                                              {"f", "Nullable(Float64)"},
                                              {"t", "DateTime('Europe/Moscow')"}},
                                             "UTC");
    ASSERT_EQ(encoder->format(), "TabSeparated");
    std::string out;
    encoder->value(0, "+5", false, out);
    encoder->value(1, std::string("a\tb\\c\nd\re\0f'g", 13), false, out);
    encoder->value(2, "['x\ty']", false, out);
    encoder->value(3, "", true, out);
    encoder->value(4, "2020-01-02T03:04:05", false, out);
    encoder->end_row(out);
    EXPECT_EQ(out, "5\ta\\tb\\\\c\\nd\\re\\0f'g\t['x\\ty']\t\\N\t2020-01-02 03:04:05\n");
}

TEST(InsertEncoderTest, TextCanonicalForms) {
    EXPECT_EQ(text("Float64", "1e3"), "1000");
    EXPECT_EQ(text("Float64", "+0.1"), "0.1");
    EXPECT_EQ(text("Float64", "-inf"), "-inf");
    EXPECT_EQ(text("Float32", "0.1"), "0.1");
    EXPECT_EQ(text("Int8", "-0"), "0");
    EXPECT_EQ(text("UInt8", "+255"), "255");
    EXPECT_EQ(text("Int128", "-000123"), "-123");
    EXPECT_EQ(text("Decimal(9, 2)", "1e2"), "100.00");
    EXPECT_EQ(text("Decimal(9, 2)", "-.5"), "-0.50");
    EXPECT_EQ(text("Decimal(9, 2)", "-0.0"), "0");
    EXPECT_EQ(text("Decimal(9, 0)", "12"), "12");
    EXPECT_EQ(text("Date", "19000"), "2022-01-08");
    EXPECT_EQ(text("Date", "0000-00-00"), "1970-01-01");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "1577934245"), "1577934245");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "2020-01-02T06:04:05+03:00"), "1577934245");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "2020-01-02"), "2020-01-02 00:00:00");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "0000-00-00 00:00:00"), "0000000000");
    EXPECT_EQ(text("DateTime('Europe/Moscow')", "86400"), "0000086400");
    EXPECT_EQ(text("DateTime64(3, 'Asia/Tokyo')", "2020-01-02 03:04:05.1"), "2020-01-02 03:04:05.100");
    EXPECT_EQ(text("DateTime64(3, 'Asia/Tokyo')", "1577934245.5"), "1577934245.500");
    EXPECT_EQ(text("DateTime64(3, 'Asia/Tokyo')", "-1.5"), "-1.500");
    EXPECT_EQ(text("FixedString(2)", "a\t"), "a\\t");
    EXPECT_EQ(error("Int32", "abc", true), "column c: 'abc' is not a valid Int32");
    EXPECT_EQ(error("FixedString(2)", "abc", true), "column c: 'abc' is too long for FixedString(2)");
    EXPECT_EQ(error("DateTime('Europe/Moscow')", "1960-01-01 00:00:00", true),
              "column c: '1960-01-01 00:00:00' is out of range for DateTime('Europe/Moscow')");
    EXPECT_EQ(text("IPv4", "1.2.3.4"), "1.2.3.4"); // not validated: the server parses it
    EXPECT_EQ(text("Map(String, String)", "{'a':'b\\tc'}"), "{'a':'b\\tc'}");
}

TEST(InsertEncoderTest, CompositeLiteralsAreSentUnescapedWithoutRawControlBytes) {
    // The server reads Array/Map/Tuple values in TabSeparated as literals, without unescaping.
    EXPECT_EQ(text("Array(String)", "['a\\tb','c\\\\d','e\\'f']"), "['a\\tb','c\\\\d','e\\'f']");
    EXPECT_EQ(text("Array(String)", std::string_view("['raw\ttab','raw\nline','cr\r','nul\0x']", 36)),
              "['raw\\ttab','raw\\nline','cr\\r','nul\\0x']");
    EXPECT_EQ(text("Array(String)", "['escaped raw\\\ttab']"), "['escaped raw\\ttab']");
    EXPECT_EQ(text("Array(Int32)", "[1,\n\t2]"), "[1,  2]");
    EXPECT_EQ(text("Tuple(String, String)", "('it''s\t', \"q\tq\")"), "('it''s\\t', \"q\\tq\")");
    EXPECT_EQ(text("Nested(a String)", "['\n']"), "['\\n']");
}

TEST(InsertEncoderTest, DefaultLiteralOfUnknownTypeIsNone) {
    EXPECT_FALSE(TextEncoder::default_literal(parse_type("AggregateFunction(sum, UInt64)")).has_value());
    EXPECT_FALSE(
        TextEncoder::default_literal(parse_type("Tuple(Int8, AggregateFunction(sum, UInt64))")).has_value());
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Array(JSON)")), "[]");
}

// Modern servers' types the parser keeps as Other have the defaults defaultValueOfTypeName() gives on 26.x.
TEST(InsertEncoderTest, DefaultLiteralsOfModernTypes) {
    EXPECT_EQ(TextEncoder::default_literal(parse_type("BFloat16")), "0");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Time")), "00:00:00");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Time64(3)")), "00:00:00");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("JSON")), "{}");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Dynamic")), "\\N");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Variant(String, UInt64)")), "\\N");
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Tuple(Int8, JSON, Dynamic, Time)")),
              "(0,'{}',NULL,'00:00:00')");
}

// The server reads a TabSeparated Variant/Dynamic field twice: what it cannot read back exactly is refused.
TEST(InsertEncoderTest, VariantAndDynamicValuesTheServerWouldChangeAreRefused) {
    EXPECT_EQ(text("Dynamic", "[1,2]"), "[1,2]");
    EXPECT_EQ(text("Dynamic", "['q\\'s']"), "['q\\\\'s']");
    EXPECT_EQ(text("Variant(String, UInt64)", "it's"), "it's");
    EXPECT_EQ(
        error("Dynamic", "a\tb"),
        "column c: 'a\\tb' holds a tab or line break, which ClickHouse cannot load exactly into Dynamic from "
        "text; load it into a String column instead");
    EXPECT_EQ(
        error("Variant(String, UInt64)", "a\\nb"),
        "column c: 'a\\nb' holds a backslash, which ClickHouse cannot load exactly into Variant(String, "
        "UInt64) from text; load it into a String column instead");
}

/// Little-endian bytes of a value, as spaced hex.
template <typename T> std::string le(T value) {
    return to_hex(std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
}

/// Joins spaced-hex pieces.
std::string cat(std::initializer_list<std::string> parts) {
    std::string out;
    for (const std::string& part : parts) {
        if (!part.empty()) {
            out += (out.empty() ? "" : " ") + part;
        }
    }
    return out;
}

TEST(InsertEncoderTest, Arrays) {
    EXPECT_EQ(binary("Array(Int32)", "[1,2,-1]"), "03 01 00 00 00 02 00 00 00 ff ff ff ff");
    EXPECT_EQ(binary("Array(Int32)", "[]"), "00");
    EXPECT_EQ(binary("Array(Int32)", "[ ]"), "00");
    EXPECT_EQ(binary("Array(Int32)", "[ 1 ,\t2\n, 3 ]"), binary("Array(Int32)", "[1,2,3]"));
    EXPECT_EQ(binary("Array(String)", R"(['a','b\'c','tab\there',''])"),
              "04 01 61 03 62 27 63 08 74 61 62 09 68 65 72 65 00");
    EXPECT_EQ(binary("Array(Array(UInt8))", "[[1,2],[],[3]]"), "03 02 01 02 00 01 03");
    EXPECT_EQ(binary("Array(Array(Array(String)))", "[[['x']],[[]]]"), "02 01 01 01 78 01 00");
    EXPECT_EQ(binary("Array(Nullable(String))", "[NULL,'x',null,'NULL']"),
              "04 01 00 01 78 01 00 04 4e 55 4c 4c");
    EXPECT_EQ(binary("Array(Nullable(Int32))", "[1,NULL]"), "02 00 01 00 00 00 01");
    EXPECT_EQ(binary("Array(Float64)", "[1.5,-2e-300,inf,-0]"),
              cat({"04", le(1.5), le(-2e-300), le(std::numeric_limits<double>::infinity()), le(-0.0)}));
    EXPECT_EQ(binary("Array(Float32)", "[0.1]"), cat({"01", le(0.1f)}));
    EXPECT_EQ(binary("Array(Date)", "['2020-01-01','2021-02-03']"),
              cat({"02", le(std::uint16_t{18262}), le(std::uint16_t{18661})}));
    EXPECT_EQ(binary("Array(DateTime)", "['2020-01-02 03:04:05','1577934245']"),
              "02 a5 5d 0d 5e a5 5d 0d 5e");
    EXPECT_EQ(binary("Array(UUID)", "['00112233-4455-6677-8899-aabbccddeeff']"),
              "01 77 66 55 44 33 22 11 00 ff ee dd cc bb aa 99 88");
    EXPECT_EQ(binary(R"(Array(Enum8('a' = 1, 'b\'c' = 2)))", R"(['b\'c','a','2'])"), "03 02 01 02");
    EXPECT_EQ(binary("Array(Decimal(9, 2))", "[1.50,-0.01]"), "02 96 00 00 00 ff ff ff ff");
    EXPECT_EQ(binary("Array(FixedString(2))", "['a','bc']"), "02 61 00 62 63");
    EXPECT_EQ(binary("Array(Bool)", "[true,false]"), "02 01 00");
    EXPECT_EQ(binary("Array(LowCardinality(Nullable(String)))", "['x',NULL]"), "02 00 01 78 01");
    EXPECT_EQ(binary("Array(Int128)", "[-1]"), "01 " + to_hex(std::string(16, '\xff')));
}

TEST(InsertEncoderTest, ArrayCountIsAVarint) {
    std::string literal = "[";
    std::string elements;
    for (int i = 0; i < 300; ++i) {
        literal += (i ? "," : "") + std::to_string(i % 100);
        elements += " " + to_hex(std::string(1, static_cast<char>(i % 100)));
    }
    literal += "]";
    EXPECT_EQ(binary("Array(UInt8)", literal), "ac 02" + elements);
    // Nested counts after a long one, and a long one inside another.
    EXPECT_EQ(binary("Array(Array(UInt8))", "[" + literal + ",[7]]"), "02 ac 02" + elements + " 01 07");
    EXPECT_EQ(binary("Tuple(Array(UInt8), String)", "(" + literal + ",'z')"), "ac 02" + elements + " 01 7a");
}

TEST(InsertEncoderTest, QuotedStringEscapes) {
    // readQuotedString's escapes, '' for a quote, and raw bytes (tabs, newlines) taken as they are.
    EXPECT_EQ(binary("Array(String)", R"(['\b\f\n\r\t\0\a\v\e'])"), "01 09 08 0c 0a 0d 09 00 07 0b 1b");
    EXPECT_EQ(binary("Array(String)", R"(['\'\"\\\/\`\='])"), "01 06 27 22 5c 2f 60 3d");
    EXPECT_EQ(binary("Array(String)", R"(['\x41\x7a\xFF','a\Nb','it''s'])"),
              "03 03 41 7a ff 02 61 62 04 69 74 27 73");
    EXPECT_EQ(binary("Array(String)", "['raw\ttab\nline','']"),
              "02 0c 72 61 77 09 74 61 62 0a 6c 69 6e 65 00");
    EXPECT_EQ(binary("Array(String)", std::string_view("['nul\0']", 8)), "01 04 6e 75 6c 00");
    EXPECT_EQ(binary("Array(String)", "['[1,2]','(x)','{a:b}']"),
              "03 05 5b 31 2c 32 5d 03 28 78 29 05 7b 61 3a 62 7d");
}

TEST(InsertEncoderTest, TuplesMapsAndNested) {
    EXPECT_EQ(binary("Tuple(String, Int32)", "('a',1)"), "01 61 01 00 00 00");
    EXPECT_EQ(binary("Tuple(String, Int32)", "( 'a' , 1 )"), "01 61 01 00 00 00");
    EXPECT_EQ(binary("Tuple(a String, b Nullable(Int8), c Array(Date))", "('x',NULL,['1970-01-02'])"),
              "01 78 01 01 01 00");
    EXPECT_EQ(binary("Tuple(Int8)", "(5)"), "05");
    EXPECT_EQ(binary("Tuple(Tuple(Int8, Int8), String)", "((1,2),'')"), "01 02 00");
    EXPECT_EQ(binary("Map(String, UInt64)", "{'k':1,'j':2}"),
              "02 01 6b 01 00 00 00 00 00 00 00 01 6a 02 00 00 00 00 00 00 00");
    EXPECT_EQ(binary("Map(String, UInt64)", "{ 'k' : 1 , 'j':2 }"),
              binary("Map(String, UInt64)", "{'k':1,'j':2}"));
    EXPECT_EQ(binary("Map(String, UInt64)", "{}"), "00");
    EXPECT_EQ(binary("Map(Int8, Array(Nullable(String)))", "{1:['a',NULL],-1:[]}"),
              "02 01 02 00 01 61 01 ff 00");
    EXPECT_EQ(binary("Array(Tuple(String, Int8))", "[('x',1),('y',2)]"), "02 01 78 01 01 79 02");
    EXPECT_EQ(binary("Nested(a String, b Int8)", "[('x',1),('y',2)]"), "02 01 78 01 01 79 02");
}

TEST(InsertEncoderTest, MissingOrEmptyCompositeValuesAreDefaults) {
    EXPECT_EQ(binary("Array(String)", "", true), "00");
    EXPECT_EQ(binary("Array(String)", ""), "00");
    EXPECT_EQ(binary("Map(String, String)", ""), "00");
    EXPECT_EQ(binary("Nested(a String)", "", true), "00");
    EXPECT_EQ(binary("Tuple(Int16, Nullable(Int8), String, Array(Int8), Tuple(Date, UUID))", "", true),
              "00 00 01 00 00 00 00 " + to_hex(std::string(16, '\0')));
    EXPECT_EQ(binary("Tuple(Enum8('b' = 2, 'a' = -1))", "", true), "ff");
    EXPECT_EQ(error("Tuple(Int8, Int8)", ""),
              "column c: '' is not a valid Tuple(Int8, Int8): expected '(' at position 0");
    EXPECT_EQ(text("Array(String)", ""), "[]");
    EXPECT_EQ(text("Map(String, String)", ""), "{}");
    EXPECT_EQ(text("Nested(a String)", ""), "[]");
}

TEST(InsertEncoderTest, CompositeErrorsNameThePosition) {
    EXPECT_EQ(error("Array(Int32)", "[1,2"),
              "column c: '[1,2' is not a valid Array(Int32): expected ',' or ']' at position 4");
    EXPECT_EQ(error("Array(Int32)", "[1,abc]"),
              "column c: '[1,abc]' is not a valid Array(Int32): 'abc' is not a valid Int32 at position 3");
    EXPECT_EQ(error("Array(UInt8)", "[300]"),
              "column c: '[300]' is not a valid Array(UInt8): '300' is out of range for UInt8 at position 1");
    EXPECT_EQ(
        error("Array(Decimal(9, 2))", "[1.234]"),
        "column c: '[1.234]' is not a valid Array(Decimal(9, 2)): '1.234' has too many digits after the "
        "point for Decimal(9, 2) at position 1");
    EXPECT_EQ(error("Array(Int32)", "[1,]"),
              "column c: '[1,]' is not a valid Array(Int32): expected a value at position 3");
    EXPECT_EQ(error("Array(Int32)", "[,1]"),
              "column c: '[,1]' is not a valid Array(Int32): expected a value at position 1");
    EXPECT_EQ(error("Array(Int32)", "['1']"),
              "column c: '['1']' is not a valid Array(Int32): expected a value without quotes at position 1");
    EXPECT_EQ(error("Array(Int32)", "[NULL]"),
              "column c: '[NULL]' is not a valid Array(Int32): 'NULL' is not a valid Int32 at position 1");
    EXPECT_EQ(error("Array(String)", "[abc]"),
              "column c: '[abc]' is not a valid Array(String): expected a quoted value at position 1");
    EXPECT_EQ(error("Array(String)", "[NULL]"),
              "column c: '[NULL]' is not a valid Array(String): expected a quoted value at position 1");
    EXPECT_EQ(error("Array(String)", "[\"a\"]"),
              "column c: '[\"a\"]' is not a valid Array(String): expected a quoted value at position 1");
    EXPECT_EQ(error("Array(String)", "['a"),
              "column c: '['a' is not a valid Array(String): unterminated quoted string at position 1");
    EXPECT_EQ(error("Array(String)", "['a\\"),
              "column c: '['a\\' is not a valid Array(String): unterminated quoted string at position 1");
    EXPECT_EQ(error("Array(String)", "['a' 'b']"),
              "column c: '['a' 'b']' is not a valid Array(String): expected ',' or ']' at position 5");
    EXPECT_EQ(
        error("Array(String)", R"(['100\%'])"),
        R"(column c: '['100\%']' is not a valid Array(String): unknown escape sequence \% at position 5)");
    EXPECT_EQ(error("Array(String)", R"(['\x4'])"),
              R"(column c: '['\x4']' is not a valid Array(String): bad escape sequence \x at position 2)");
    EXPECT_EQ(error("Array(Int32)", "[1] "),
              "column c: '[1] ' is not a valid Array(Int32): unexpected text after the value at position 3");
    EXPECT_EQ(error("Array(Int32)", " [1]"),
              "column c: ' [1]' is not a valid Array(Int32): expected '[' at position 0");
    EXPECT_EQ(error("Array(Int32)", "[[1]]"),
              "column c: '[[1]]' is not a valid Array(Int32): expected a value at position 1");
    EXPECT_EQ(error("Array(Array(Int32))", "[1]"),
              "column c: '[1]' is not a valid Array(Array(Int32)): expected '[' at position 1");
    EXPECT_EQ(error("Array(Date)", "['2020-02-30']"),
              "column c: '['2020-02-30']' is not a valid Array(Date): '2020-02-30' is not a valid Date at "
              "position 1");
    EXPECT_EQ(error("Array(Enum8('a' = 1))", "['b']"),
              "column c: '['b']' is not a valid Array(Enum8('a' = 1)): 'b' is not a valid Enum8('a' = 1) at "
              "position 1");
    EXPECT_EQ(error("Tuple(String, Int32)", "('a')"),
              "column c: '('a')' is not a valid Tuple(String, Int32): expected ',' at position 4");
    EXPECT_EQ(error("Tuple(String, Int32)", "('a',1,2)"),
              "column c: '('a',1,2)' is not a valid Tuple(String, Int32): expected ')' at position 6");
    EXPECT_EQ(error("Map(String, Int32)", "{'k' 1}"),
              "column c: '{'k' 1}' is not a valid Map(String, Int32): expected ':' at position 5");
    EXPECT_EQ(
        error("Map(String, Int32)", "{'k':1,}"),
        "column c: '{'k':1,}' is not a valid Map(String, Int32): expected a quoted value at position 7");

    const auto encoder = make_insert_encoder({{"id", "UInt8"}, {"tags", "Array(String)"}}, "UTC");
    std::string out;
    try {
        encoder->value(1, "['a',\tb]", false, out);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(
            std::string(e.what()),
            "column tags: '['a',\\tb]' is not a valid Array(String): expected a quoted value at position 6");
        EXPECT_EQ(e.kind(), ErrorKind::Data);
        EXPECT_EQ(e.context().column, "tags");
        EXPECT_EQ(e.context().value, "['a',\\tb]");
    }
    // The encoder goes on after an error.
    out.clear();
    encoder->value(1, "['a']", false, out);
    EXPECT_EQ(to_hex(out), "01 01 61");
}

/// Tests that need the system's time zone files.
class InsertEncoderZoneTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!TimeZone::load("Europe/Berlin") || !TimeZone::load("America/New_York")) {
            GTEST_SKIP() << "no time zone files in /usr/share/zoneinfo";
        }
    }

    static std::string unix_time(const std::string& type, std::string_view value,
                                 const std::string& zone = "UTC") {
        const auto encoder = make_insert_encoder({{"c", type}}, zone);
        EXPECT_EQ(encoder->format(), "RowBinary") << type << " " << zone;
        std::string out;
        encoder->value(0, value, false, out);
        std::uint32_t seconds = 0;
        EXPECT_EQ(out.size(), 4u);
        std::memcpy(&seconds, out.data(), std::min<std::size_t>(out.size(), 4));
        return std::to_string(seconds);
    }
};

TEST_F(InsertEncoderZoneTest, FormatChoice) {
    EXPECT_EQ(format_of({{"a", "DateTime('Europe/Berlin')"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Nullable(DateTime('America/New_York'))"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "Array(DateTime('Asia/Tokyo'))"}}), "RowBinary");
    EXPECT_EQ(format_of({{"a", "DateTime"}}, "Europe/Berlin"), "RowBinary");
    EXPECT_EQ(format_of({{"a", "DateTime"}, {"b", "DateTime('UTC')"}}, "America/New_York"), "RowBinary");
    // DateTime64 in a zone: not verified against a server, the server converts.
    EXPECT_EQ(format_of({{"a", "DateTime64(3, 'Europe/Berlin')"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime64(3)"}}, "Europe/Berlin"), "TabSeparated");
    // Moscow's 1981-84 changes at midnight read differently in 18.16 and later servers.
    EXPECT_EQ(format_of({{"a", "DateTime('Europe/Moscow')"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime"}}, "Europe/Moscow"), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Array(DateTime)"}}, "Europe/Moscow"), "TabSeparated");
}

TEST_F(InsertEncoderZoneTest, CivilTimesReadAsClickHouseReadsThem) {
    // Values checked against clickhouse-server 18.16 (toUnixTimestamp after a TabSeparated insert).
    const std::string berlin = "DateTime('Europe/Berlin')";
    EXPECT_EQ(unix_time(berlin, "2023-10-29 01:59:59"), "1698537599");
    EXPECT_EQ(unix_time(berlin, "2023-10-29 02:30:00"), "1698539400"); // twice: the earlier (CEST)
    EXPECT_EQ(unix_time(berlin, "2023-10-29 03:00:00"), "1698544800");
    EXPECT_EQ(unix_time(berlin, "2023-03-26 02:00:00"), "1679788800"); // skipped: read in CEST
    EXPECT_EQ(unix_time(berlin, "2023-03-26 02:30:00"), "1679790600");
    EXPECT_EQ(unix_time(berlin, "2050-10-30 02:30:00"), "2550702600"); // beyond the table: the footer rule
    EXPECT_EQ(unix_time(berlin, "2105-12-31 23:59:59"), "4291743599");
    const std::string new_york = "DateTime('America/New_York')";
    EXPECT_EQ(unix_time(new_york, "2023-11-05 01:30:00"), "1699162200");
    EXPECT_EQ(unix_time(new_york, "2023-11-05 02:00:00"), "1699167600");
    EXPECT_EQ(unix_time(new_york, "2023-03-12 02:30:00"), "1678602600");
    EXPECT_EQ(unix_time(new_york, "2050-11-06 01:30:00"), "2551325400");
    EXPECT_EQ(unix_time(new_york, "2105-12-31 23:59:59"), "4291765199");
    // The server's zone for a DateTime without one; instants are not converted.
    EXPECT_EQ(unix_time("DateTime", "2023-10-29 02:30:00", "Europe/Berlin"), "1698539400");
    EXPECT_EQ(unix_time(berlin, "2020-01-02T03:04:05Z"), "1577934245");
    EXPECT_EQ(unix_time(berlin, "2020-01-02T03:04:05+01:00"), "1577930645");
    EXPECT_EQ(unix_time(berlin, "1577934245"), "1577934245");
    EXPECT_EQ(unix_time(berlin, "0000-00-00 00:00:00"), "0");
    EXPECT_EQ(unix_time(berlin, "2020-01-02"), "1577919600");
    EXPECT_EQ(binary("Array(DateTime('Europe/Berlin'))", "['2023-10-29 02:30:00']"),
              cat({"01", le(1698539400u)}));
    EXPECT_EQ(binary("Nullable(DateTime('Europe/Berlin'))", "", true), "01");
    EXPECT_EQ(binary("DateTime('Europe/Berlin')", "", true), "00 00 00 00");
    // Civil times whose instant is outside the DateTime range are errors (the server would wrap them).
    EXPECT_EQ(unix_time(berlin, "2106-02-07 07:28:15"), "4294967295");
    EXPECT_EQ(error(berlin, "2106-02-07 07:28:16"),
              "column c: '2106-02-07 07:28:16' is out of range for DateTime('Europe/Berlin')");
    EXPECT_EQ(error(berlin, "1970-01-01 00:30:00"),
              "column c: '1970-01-01 00:30:00' is out of range for DateTime('Europe/Berlin')");
    EXPECT_EQ(unix_time(new_york, "1970-01-01 00:30:00"), "19800");
}

/// A TZif version 2 file with the given transitions (unix time, index into `offsets`) and footer.
std::string tzif(const std::vector<std::pair<std::int64_t, std::uint8_t>>& transitions,
                 const std::vector<std::int32_t>& offsets, std::string_view footer) {
    const auto be = [](std::uint64_t value, int bytes, std::string& out) {
        for (int i = bytes - 1; i >= 0; --i) {
            out += static_cast<char>(value >> (8 * i) & 0xff);
        }
    };
    const auto header = [&](std::uint32_t times, std::uint32_t types, std::string& out) {
        out += "TZif2";
        out.append(15, '\0');
        for (const std::uint32_t count :
             {0u, 0u, 0u, times, types, 1u}) { // isut, isstd, leap, time, type, char
            be(count, 4, out);
        }
    };
    std::string out;
    header(0, 1, out);
    out.append(6, '\0'); // one local time type, UTC
    out += '\0';         // its designation
    header(static_cast<std::uint32_t>(transitions.size()), static_cast<std::uint32_t>(offsets.size()), out);
    for (const auto& transition : transitions) {
        be(static_cast<std::uint64_t>(transition.first), 8, out);
    }
    for (const auto& transition : transitions) {
        out += static_cast<char>(transition.second);
    }
    for (const std::int32_t offset : offsets) {
        be(static_cast<std::uint32_t>(offset), 4, out);
        out.append(2, '\0');
    }
    out += '\0';
    return out + "\n" + std::string(footer) + "\n";
}

std::int64_t local_seconds(int year, unsigned month, unsigned day, unsigned hour, unsigned minute = 0) {
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60;
}

TEST_F(InsertEncoderZoneTest, FooterRulesAgreeWithTheTables) {
    // Zones made of their POSIX rule alone convert every hour of years whose rules have not changed since
    // exactly as the system's files, whose tables list each change up to 2037.
    const std::pair<const char*, int> zones[] = {{"Europe/Berlin", 1997},
                                                 {"America/New_York", 2008},
                                                 {"Australia/Sydney", 2009},
                                                 {"Asia/Tokyo", 1970}};
    const std::pair<const char*, std::int32_t> rules[] = {{"CET-1CEST,M3.5.0,M10.5.0/3", 3600},
                                                          {"EST5EDT,M3.2.0,M11.1.0", -18000},
                                                          {"AEST-10AEDT,M10.1.0,M4.1.0/3", 36000},
                                                          {"JST-9", 32400}};
    for (std::size_t z = 0; z < std::size(zones); ++z) {
        const auto file = TimeZone::load(zones[z].first);
        const auto rule = TimeZone::from_tzif(tzif({}, {rules[z].second}, rules[z].first));
        ASSERT_TRUE(file && rule) << zones[z].first;
        std::size_t differences = 0;
        for (std::int64_t local = local_seconds(zones[z].second, 1, 1, 0);
             local < local_seconds(2038, 1, 1, 0); local += 1800) {
            differences += file->to_unix(local) != rule->to_unix(local);
        }
        EXPECT_EQ(differences, 0u) << zones[z].first;
    }
}

TEST_F(InsertEncoderZoneTest, FooterDayRules) {
    // Jn counts days without Feb 29 (J60 is Mar 1), n counts from 0 with it (59 is Feb 29 in leap years).
    const auto julian = TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,J60/2,J300/3"));
    ASSERT_TRUE(julian);
    EXPECT_EQ(julian->to_unix(local_seconds(2020, 3, 1, 1, 59)), local_seconds(2020, 3, 1, 0, 59));
    EXPECT_EQ(julian->to_unix(local_seconds(2020, 3, 1, 3)), local_seconds(2020, 3, 1, 1));
    EXPECT_EQ(julian->to_unix(local_seconds(2021, 3, 1, 3)), local_seconds(2021, 3, 1, 1));
    const auto zero_based = TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,59/2,300/3"));
    ASSERT_TRUE(zero_based);
    EXPECT_EQ(zero_based->to_unix(local_seconds(2020, 2, 29, 3)), local_seconds(2020, 2, 29, 1));
    EXPECT_EQ(zero_based->to_unix(local_seconds(2021, 2, 28, 3)), local_seconds(2021, 2, 28, 2));
    EXPECT_EQ(zero_based->to_unix(local_seconds(2021, 3, 1, 3)), local_seconds(2021, 3, 1, 1));
    // Daylight time all year: the change at the end of each year and the next one's start cancel out.
    const auto always = TimeZone::from_tzif(tzif({}, {-14400}, "EST5EDT4,0/0,J365/25"));
    ASSERT_TRUE(always);
    EXPECT_EQ(always->to_unix(local_seconds(2020, 1, 1, 0, 30)), local_seconds(2020, 1, 1, 4, 30));
    EXPECT_EQ(always->to_unix(local_seconds(2020, 7, 1, 12)), local_seconds(2020, 7, 1, 16));
    EXPECT_EQ(always->to_unix(local_seconds(2020, 12, 31, 23, 30)), local_seconds(2021, 1, 1, 3, 30));
    // A fixed offset, with table entries before it.
    const auto fixed = TimeZone::from_tzif(tzif({{-1000000, 1}}, {3600, -10800}, "<-03>3"));
    ASSERT_TRUE(fixed);
    EXPECT_EQ(fixed->to_unix(local_seconds(2000, 1, 1, 0)), local_seconds(2000, 1, 1, 3));
}

TEST_F(InsertEncoderZoneTest, RefusesWhatItCannotReadExactly) {
    for (const char* name : {"", "/etc/passwd", "../zoneinfo/UTC", "Europe/../Europe/Berlin", "Europe/",
                             "No/Such_Zone", "Europe/Berlin\n", "zone.tab"}) {
        EXPECT_FALSE(TimeZone::load(name)) << name;
    }
    EXPECT_FALSE(TimeZone::from_tzif(""));
    EXPECT_FALSE(TimeZone::from_tzif("TZif2 not really"));
    const std::string good = tzif({}, {3600}, "CET-1CEST,M3.5.0,M10.5.0/3");
    EXPECT_TRUE(TimeZone::from_tzif(good));
    for (std::size_t size = 0; size < good.size(); ++size) { // every truncation
        EXPECT_FALSE(TimeZone::from_tzif(std::string_view(good).substr(0, size))) << size;
    }
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "CET-1CEST")));    // daylight time without rules
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "CET-1CEST,M3"))); // malformed
    // Changes ClickHouse's per-day table reads differently from the rule: back at midnight, after 18:12.
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,M3.5.0/2,M10.5.0/24")));
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,M3.5.0/23,M10.5.0/3")));
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,M3.5.0/2:10,M10.5.0/3")));
    // Forward at midnight too: 18.16 reads the skipped hour in the offset before the change.
    EXPECT_FALSE(TimeZone::from_tzif(tzif({}, {3600}, "AAA-1BBB,M3.5.0/0,M10.5.0/3")));
    EXPECT_TRUE(TimeZone::load("Europe/Paris"));
    EXPECT_FALSE(TimeZone::load("Europe/Moscow"));
}

} // namespace
} // namespace ferry::clickhouse
