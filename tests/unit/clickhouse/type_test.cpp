#include "clickhouse/type.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

TEST(TypeTest, SimpleFamilies) {
    const std::pair<const char*, TypeKind> cases[] = {
        {"Int8", TypeKind::Int8},         {"Int64", TypeKind::Int64},
        {"UInt8", TypeKind::UInt8},       {"UInt64", TypeKind::UInt64},
        {"Int128", TypeKind::Int128},     {"UInt256", TypeKind::UInt256},
        {"Float32", TypeKind::Float32},   {"Float64", TypeKind::Float64},
        {"Bool", TypeKind::Bool},         {"String", TypeKind::String},
        {"Date", TypeKind::Date},         {"Date32", TypeKind::Date32},
        {"DateTime", TypeKind::DateTime}, {"UUID", TypeKind::UUID},
        {"IPv4", TypeKind::IPv4},         {"IPv6", TypeKind::IPv6},
        {"Nothing", TypeKind::Nothing},   {"JSON", TypeKind::Other},
        {"Tuple", TypeKind::Tuple},       {"DateTime64", TypeKind::DateTime64},
    };
    for (const auto& [text, kind] : cases) {
        const Type type = parse_type(text);
        EXPECT_EQ(type.kind, kind) << text;
        EXPECT_EQ(type.text, text);
        EXPECT_EQ(type.family, text);
        EXPECT_TRUE(type.args.empty()) << text;
    }
    EXPECT_EQ(parse_type("DateTime64").precision, 3);
}

TEST(TypeTest, NullableDecimal) {
    const Type type = parse_type("Nullable(Decimal(18, 4))");
    EXPECT_EQ(type.kind, TypeKind::Nullable);
    ASSERT_EQ(type.args.size(), 1u);
    EXPECT_EQ(type.args[0].kind, TypeKind::Decimal);
    EXPECT_EQ(type.args[0].precision, 18);
    EXPECT_EQ(type.args[0].scale, 4);
    EXPECT_EQ(type.args[0].text, "Decimal(18, 4)");
    EXPECT_EQ(type.text, "Nullable(Decimal(18, 4))");
}

TEST(TypeTest, DecimalAliases) {
    EXPECT_EQ(parse_type("Decimal32(3)").precision, 9);
    EXPECT_EQ(parse_type("Decimal32(3)").scale, 3);
    EXPECT_EQ(parse_type("Decimal64(0)").precision, 18);
    EXPECT_EQ(parse_type("Decimal128(10)").precision, 38);
    EXPECT_EQ(parse_type("Decimal256(2)").precision, 76);
    EXPECT_EQ(parse_type("Decimal(5)").scale, 0);
    EXPECT_EQ(parse_type("Decimal").precision, 10);
    EXPECT_THROW(parse_type("Decimal(5, 6)"), Error);
    EXPECT_THROW(parse_type("Decimal(77, 2)"), Error);
}

TEST(TypeTest, LowCardinalityNullableString) {
    const Type type = parse_type("LowCardinality(Nullable(String))");
    EXPECT_EQ(type.kind, TypeKind::LowCardinality);
    EXPECT_EQ(type.args.at(0).kind, TypeKind::Nullable);
    EXPECT_EQ(type.args.at(0).args.at(0).kind, TypeKind::String);
}

TEST(TypeTest, DateTimeZones) {
    EXPECT_EQ(parse_type("DateTime('UTC')").timezone, "UTC");
    EXPECT_EQ(parse_type("DateTime").timezone, "");
    const Type dt64 = parse_type("DateTime64(3)");
    EXPECT_EQ(dt64.kind, TypeKind::DateTime64);
    EXPECT_EQ(dt64.precision, 3);
    EXPECT_EQ(dt64.timezone, "");
    const Type zoned = parse_type("DateTime64(6, 'Asia/Tokyo')");
    EXPECT_EQ(zoned.precision, 6);
    EXPECT_EQ(zoned.timezone, "Asia/Tokyo");
    // system.columns of 18.16 shows the quotes escaped when read as TSV; the unescaped form is what we get.
    EXPECT_EQ(parse_type("DateTime('Europe/Moscow')").timezone, "Europe/Moscow");
}

TEST(TypeTest, EnumWithQuotedNames) {
    const Type type = parse_type(R"(Enum8('a' = 1, 'b\'c' = 2, 'x\\y' = -3, 'tab\there' = 4, 'q''q' = 5))");
    EXPECT_EQ(type.kind, TypeKind::Enum8);
    ASSERT_EQ(type.enum_values.size(), 5u);
    EXPECT_EQ(type.enum_values[0], (std::pair<std::string, std::int16_t>{"a", 1}));
    EXPECT_EQ(type.enum_values[1], (std::pair<std::string, std::int16_t>{"b'c", 2}));
    EXPECT_EQ(type.enum_values[2], (std::pair<std::string, std::int16_t>{"x\\y", -3}));
    EXPECT_EQ(type.enum_values[3], (std::pair<std::string, std::int16_t>{"tab\there", 4}));
    EXPECT_EQ(type.enum_values[4], (std::pair<std::string, std::int16_t>{"q'q", 5}));
}

TEST(TypeTest, EnumNamesWithParenthesesAndCommas) {
    const Type type = parse_type("Nullable(Enum16('a, (b)' = 1000, ')' = -1000))");
    const Type& inner = type.args.at(0);
    EXPECT_EQ(inner.kind, TypeKind::Enum16);
    ASSERT_EQ(inner.enum_values.size(), 2u);
    EXPECT_EQ(inner.enum_values[0].first, "a, (b)");
    EXPECT_EQ(inner.enum_values[1].first, ")");
    EXPECT_EQ(inner.enum_values[1].second, -1000);
}

TEST(TypeTest, EnumWithoutValuesAndPlainEnum) {
    const Type implicit = parse_type("Enum8('a', 'b', 'c' = 10, 'd')");
    ASSERT_EQ(implicit.enum_values.size(), 4u);
    EXPECT_EQ(implicit.enum_values[0].second, 1);
    EXPECT_EQ(implicit.enum_values[1].second, 2);
    EXPECT_EQ(implicit.enum_values[3].second, 11);
    EXPECT_EQ(parse_type("Enum('a' = 1)").kind, TypeKind::Enum8);
    EXPECT_EQ(parse_type("Enum('a' = 1000)").kind, TypeKind::Enum16);
    EXPECT_THROW(parse_type("Enum8('a' = 200)"), Error);
}

TEST(TypeTest, FixedString) {
    const Type type = parse_type("FixedString(16)");
    EXPECT_EQ(type.kind, TypeKind::FixedString);
    EXPECT_EQ(type.length, 16u);
    EXPECT_THROW(parse_type("FixedString(x)"), Error);
}

TEST(TypeTest, ArrayMapTuple) {
    const Type array = parse_type("Array(Array(Nullable(Int32)))");
    EXPECT_EQ(array.kind, TypeKind::Array);
    EXPECT_EQ(array.args.at(0).kind, TypeKind::Array);
    EXPECT_EQ(array.args.at(0).args.at(0).args.at(0).kind, TypeKind::Int32);

    const Type map = parse_type("Map(String, UInt64)");
    EXPECT_EQ(map.kind, TypeKind::Map);
    ASSERT_EQ(map.args.size(), 2u);
    EXPECT_EQ(map.args[0].kind, TypeKind::String);
    EXPECT_EQ(map.args[1].kind, TypeKind::UInt64);

    const Type tuple = parse_type("Tuple(Int8, String, Array(Tuple(Date, DateTime('UTC'))))");
    EXPECT_EQ(tuple.kind, TypeKind::Tuple);
    ASSERT_EQ(tuple.args.size(), 3u);
    EXPECT_EQ(tuple.element_names, (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ(tuple.args[2].text, "Array(Tuple(Date, DateTime('UTC')))");
    EXPECT_EQ(tuple.args[2].args[0].args[1].timezone, "UTC");
}

TEST(TypeTest, NamedTupleAndNested) {
    const Type tuple = parse_type("Tuple(a Int8, `b c` Nullable(String), String String)");
    ASSERT_EQ(tuple.args.size(), 3u);
    EXPECT_EQ(tuple.element_names, (std::vector<std::string>{"a", "b c", "String"}));
    EXPECT_EQ(tuple.args[1].kind, TypeKind::Nullable);
    EXPECT_EQ(tuple.args[2].kind, TypeKind::String);

    const Type nested = parse_type("Nested(x UInt8, y Array(String))");
    EXPECT_EQ(nested.kind, TypeKind::Nested);
    EXPECT_EQ(nested.element_names, (std::vector<std::string>{"x", "y"}));
}

TEST(TypeTest, UnknownFamiliesKeepTheirArguments) {
    const Type agg = parse_type("AggregateFunction(quantiles(0.5, 0.9), UInt64)");
    EXPECT_EQ(agg.kind, TypeKind::Other);
    EXPECT_EQ(agg.family, "AggregateFunction");
    EXPECT_EQ(agg.raw_arguments, "quantiles(0.5, 0.9), UInt64");
    EXPECT_EQ(agg.text, "AggregateFunction(quantiles(0.5, 0.9), UInt64)");

    const Type json = parse_type("Object('json')");
    EXPECT_EQ(json.kind, TypeKind::Other);
    EXPECT_EQ(json.raw_arguments, "'json'");

    const Type nested = parse_type("Array(SimpleAggregateFunction(anyLast, Nullable(String)))");
    EXPECT_EQ(nested.args.at(0).kind, TypeKind::Other);
    EXPECT_EQ(parse_type("Variant(String, ')')").raw_arguments, "String, ')'");
}

TEST(TypeTest, WhitespaceIsTolerated) {
    const Type type = parse_type("  Map( String ,Array( UInt8 ) ) ");
    EXPECT_EQ(type.kind, TypeKind::Map);
    EXPECT_EQ(type.args.at(1).args.at(0).kind, TypeKind::UInt8);
}

TEST(TypeTest, MalformedTypesThrowQueryErrors) {
    for (const char* text : {"", "Nullable(", "Array(Int32", "Map(String)", "Int32)", "Enum8('a = 1)",
                             "DateTime(UTC)", "Decimal(a, b)", "Nullable()", "(Int8)", "Tuple(Int8,)"}) {
        try {
            parse_type(text);
            ADD_FAILURE() << "no error for '" << text << "'";
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Query) << text;
            EXPECT_NE(std::string(error.what()).find("cannot parse ClickHouse type"), std::string::npos);
        }
    }
}

TEST(TypeTest, UtcTimeZones) {
    for (const char* zone :
         {"UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Zulu", "Etc/Zulu", "Universal",
          "Etc/Universal", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "Greenwich", "utc"}) {
        EXPECT_TRUE(is_utc_timezone(zone)) << zone;
    }
    for (const char* zone : {"", "Europe/Moscow", "Europe/London", "Etc/GMT+1", "America/New_York", "Z"}) {
        EXPECT_FALSE(is_utc_timezone(zone)) << zone;
    }
}

} // namespace
} // namespace ferry::clickhouse
