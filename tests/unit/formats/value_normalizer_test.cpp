#include "formats/value_normalizer.h"

#include <gtest/gtest.h>

#include <string>

namespace ferry::formats {
namespace {

std::string apply(ValueFormat format, std::string_view type, std::string_view text) {
    std::string scratch;
    return std::string(ValueNormalizer(format, type).apply(text, scratch));
}

TEST(ValueNormalizer, Dates) {
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "Date", "31/12/2024"), "2024-12-31");
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "Date", "4.7.2024"), "2024-07-04");
    EXPECT_EQ(apply(ValueFormat::MonthDayYear, "Nullable(Date)", "7/4/2024"), "2024-07-04");
    EXPECT_EQ(apply(ValueFormat::YearMonthDay, "Date", "2024/1/2"), "2024-01-02");
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "DateTime", "31/12/2024 10:05"), "2024-12-31 10:05:00");
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "DateTime", "31/12/2024 10:05:07"), "2024-12-31 10:05:07");
    // Not in the column's form: passed on for the encoder to report.
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "Date", "N/A"), "N/A");
}

TEST(ValueNormalizer, DecimalCommaAndBooleans) {
    EXPECT_EQ(apply(ValueFormat::DecimalComma, "Decimal(18, 2)", "1,50"), "1.50");
    EXPECT_EQ(apply(ValueFormat::DecimalComma, "Float64", "-1.234.567,5"), "-1234567.5");
    EXPECT_EQ(apply(ValueFormat::DecimalComma, "Float64", "12"), "12");
    EXPECT_EQ(apply(ValueFormat::BoolWord, "Bool", "Yes"), "1");
    EXPECT_EQ(apply(ValueFormat::BoolWord, "UInt8", "f"), "0");
    EXPECT_EQ(apply(ValueFormat::BoolWord, "UInt8", "maybe"), "maybe");
}

TEST(ValueNormalizer, StringColumnsKeepTheFileBytes) {
    EXPECT_EQ(apply(ValueFormat::DayMonthYear, "String", "31/12/2024"), "31/12/2024");
    EXPECT_EQ(apply(ValueFormat::DecimalComma, "Nullable(String)", "1,5"), "1,5");
    EXPECT_EQ(apply(ValueFormat::BoolWord, "LowCardinality(String)", "yes"), "yes");
    EXPECT_FALSE(ValueNormalizer(ValueFormat::BoolWord, "FixedString(3)").active());
    EXPECT_EQ(normalizer_for({ValueFormat::BoolWord}, 3, "UInt8").active(), false);
}

} // namespace
} // namespace ferry::formats
