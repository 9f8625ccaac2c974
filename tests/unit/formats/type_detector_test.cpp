#include "formats/type_detector.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace ferry::formats {
namespace {

ColumnType column(std::initializer_list<std::string_view> values, bool decimal_comma = false) {
    ColumnTypeDetector detector(decimal_comma);
    for (auto value : values) {
        detector.add(value);
    }
    return detector.result();
}

TEST(TypeDetector, Booleans) {
    EXPECT_EQ(column({"true", "false", "TRUE"}).type, "Bool");
    EXPECT_EQ(column({"yes", "No", "t", "F"}).format, ValueFormat::BoolWord);
    EXPECT_EQ(column({"0", "1"}).type, "Int64");
    EXPECT_EQ(column({"yes", "1"}).type, "String");
}

TEST(TypeDetector, DecimalForMoneyFloatForTheRest) {
    EXPECT_EQ(column({"19.99", "5.00", "7"}).type, "Decimal(18, 2)");
    EXPECT_EQ(column({"0.0725", "0.1000"}).type, "Decimal(18, 4)");
    EXPECT_EQ(column({"1.5", "2.25"}).type, "Float64");         // digits after the point differ
    EXPECT_EQ(column({"1.123456", "2.000001"}).type, "Float64"); // more than four
    EXPECT_EQ(column({"1.50e3", "2.25"}).type, "Float64");       // an exponent
}

TEST(TypeDetector, DecimalComma) {
    EXPECT_EQ(column({"1,50", "2,25"}, true).type, "Decimal(18, 2)");
    EXPECT_EQ(column({"1,50", "2,25"}, true).format, ValueFormat::DecimalComma);
    EXPECT_EQ(column({"1.234,5", "0,25"}, true).type, "Float64");
    EXPECT_EQ(column({"1,50", "2.25"}, true).type, "String");  // both conventions
    EXPECT_EQ(column({"1,50", "2,25"}, false).type, "String"); // not allowed (comma-delimited)
}

TEST(TypeDetector, IsoDateTimes) {
    EXPECT_EQ(column({"2024-01-05T10:00:00Z", "2024-01-05T10:00:00+02:00"}).type, "DateTime('UTC')");
    EXPECT_EQ(column({"2024-01-05T10:00:00.5Z"}).type, "DateTime64(3, 'UTC')");
    EXPECT_EQ(column({"2024-01-05 10:00:00.1234"}).type, "DateTime64(6)");
    EXPECT_EQ(column({"2024-01-05 10:00:00.123456789"}).type, "DateTime64(9)");
    EXPECT_EQ(column({"1950-01-05 10:00:00"}).type, "DateTime64(3)"); // before 1970: not a DateTime
    EXPECT_EQ(column({"2024-01-05T10:00:00Z", "2024-01-05 10:00:00"}).note,
              "mixes times with and without a time zone");
    EXPECT_EQ(column({"2024-01-05T10:00:00+25:00"}).type, "String");
}

TEST(TypeDetector, DayMonthOrder) {
    EXPECT_EQ(column({"31/12/2024", "01/02/2024"}).format, ValueFormat::DayMonthYear);
    EXPECT_EQ(column({"12/31/2024", "01/02/2024"}).format, ValueFormat::MonthDayYear);
    EXPECT_EQ(column({"01.02.2024"}).format, ValueFormat::DayMonthYear); // dots: day first
    const auto ambiguous = column({"01/02/2024", "03/04/2024"});
    EXPECT_EQ(ambiguous.type, "String");
    EXPECT_NE(ambiguous.note.find("ambiguous"), std::string::npos);
    EXPECT_EQ(column({"31/12/2024", "12/31/2024"}).type, "String");
    EXPECT_EQ(column({"31/02/2024"}).type, "String"); // no such day either way
    EXPECT_EQ(column({"31/12/2024 10:00"}).type, "DateTime");
    EXPECT_EQ(column({"2024/12/31"}).format, ValueFormat::YearMonthDay);
}

TEST(TypeDetector, ZipCodesStayStrings) {
    EXPECT_EQ(column({"02134", "10001"}).type, "String");
}

TEST(TypeDetector, HeaderCellsDoNotFit) {
    ColumnTypeDetector ids;
    ids.add("1");
    ids.add("2");
    EXPECT_FALSE(ids.fits("id"));
    EXPECT_TRUE(ids.fits("3"));
    ColumnTypeDetector names;
    names.add("Ann");
    EXPECT_FALSE(names.fits("name")); // a String column never "fits": no evidence either way
}

} // namespace
} // namespace ferry::formats
