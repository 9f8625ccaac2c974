#include "clickhouse/insert_encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "clickhouse/text_encoder.h"
#include "clickhouse/type.h"
#include "common/error.h"

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

std::string to_hex(std::string_view bytes) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        if (!out.empty()) {
            out += ' ';
        }
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

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
    EXPECT_EQ(format_of({{"a", "Int32"}, {"b", "Array(String)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Map(String, UInt64)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Tuple(Int8, String)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "IPv4"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "AggregateFunction(sum, UInt64)"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Not A (Type"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime('Europe/Moscow')"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "Nullable(DateTime64(3, 'Asia/Tokyo'))"}}), "TabSeparated");
    EXPECT_EQ(format_of({{"a", "DateTime"}}, "Europe/Moscow"), "TabSeparated");
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
    EXPECT_FALSE(TextEncoder::default_literal(parse_type("Tuple(Int8, JSON)")).has_value());
    EXPECT_EQ(TextEncoder::default_literal(parse_type("Array(JSON)")), "[]");
}

} // namespace
} // namespace ferry::clickhouse
