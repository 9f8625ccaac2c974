#include "formats/type_widening.h"

#include <gtest/gtest.h>

namespace ferry::formats {
namespace {

TEST(TypeWidening, SameTypeStays) {
    EXPECT_EQ(widen_type("Int64", "Int64"), "Int64");
    EXPECT_EQ(widen_type("Date", "Date"), "Date");
    EXPECT_EQ(widen_type("Decimal(18, 2)", "Decimal(18, 2)"), "Decimal(18, 2)");
}

TEST(TypeWidening, NumbersWidenToFloat64ExceptInt64WithUInt64) {
    EXPECT_EQ(widen_type("Int64", "Float64"), "Float64");
    EXPECT_EQ(widen_type("Float64", "UInt64"), "Float64");
    EXPECT_EQ(widen_type("Decimal(18, 2)", "Int64"), "Float64");
    EXPECT_EQ(widen_type("Decimal(18, 2)", "Decimal(18, 4)"), "Float64");
    EXPECT_EQ(widen_type("Int64", "UInt64"), "String");
}

TEST(TypeWidening, AnythingWithStringOrAnotherKindIsString) {
    EXPECT_EQ(widen_type("Int64", "String"), "String");
    EXPECT_EQ(widen_type("String", "DateTime"), "String");
    EXPECT_EQ(widen_type("Date", "DateTime"), "String");
    EXPECT_EQ(widen_type("Int64", "Date"), "String");
}

TEST(TypeWidening, TimesOfOneZoneTakeTheFinerPrecision) {
    EXPECT_EQ(widen_type("DateTime", "DateTime64(3)"), "DateTime64(3)");
    EXPECT_EQ(widen_type("DateTime64(6)", "DateTime64(3)"), "DateTime64(6)");
    EXPECT_EQ(widen_type("DateTime('UTC')", "DateTime64(3, 'UTC')"), "DateTime64(3, 'UTC')");
    EXPECT_EQ(widen_type("DateTime('UTC')", "DateTime"), "String"); // instants and wall-clock times
    EXPECT_EQ(widen_type("DateTime64(3)", "DateTime64(3, 'UTC')"), "String");
    EXPECT_EQ(widen_type("Date", "DateTime64(3)"), "String");
}

TEST(TypeWidening, NullableWhenEitherIs) {
    EXPECT_EQ(widen_type("Nullable(Int64)", "Float64"), "Nullable(Float64)");
    EXPECT_EQ(widen_type("Int64", "Nullable(Int64)"), "Nullable(Int64)");
    EXPECT_EQ(widen_type("Nullable(String)", "Nullable(Date)"), "Nullable(String)");
}

} // namespace
} // namespace ferry::formats
