#include "formats/sniffer/header_detection.h"

#include <gtest/gtest.h>

#include "formats/sniffer/sample_rows.h"
#include "formats/sniffer/type_detection.h"

namespace ferry::formats::sniffer {
namespace {

bool header_of(std::string_view text) {
    const auto rows = split_rows(text, ',', '"', 1000, true);
    const std::span<const SampleRow> below(rows.data() + 1, rows.size() - 1);
    return detect_header(rows[0], detect_types(below, rows[0].fields.size(), false), below).header;
}

TEST(HeaderDetection, NamesAboveTypedValues) {
    EXPECT_TRUE(header_of("id,amount,day\n1,2.5,2024-01-01\n2,3.5,2024-01-02\n"));
    EXPECT_TRUE(header_of("id,name\n1,Ann\n2,Bob\n"));
}

TEST(HeaderDetection, AFirstRowThatFitsTheTypesIsData) {
    EXPECT_FALSE(header_of("1,2.5,2024-01-01\n2,3.5,2024-01-02\n"));
    EXPECT_FALSE(header_of("1,Ann\n2,Bob\n"));
}

TEST(HeaderDetection, AllTextColumns) {
    EXPECT_TRUE(header_of("name,city\nAnn,Paris\nBob,Lyon\n"));
    EXPECT_FALSE(header_of("red,small\nblue,small\n")); // "small" repeats: data
    EXPECT_FALSE(header_of(",city\nAnn,Paris\n"));      // an empty cell
}

TEST(HeaderDetection, OneRowFiles) {
    EXPECT_TRUE(header_of("id,name,amount\n"));
    EXPECT_FALSE(header_of("1,2,3\n"));
}

TEST(SampleRows, ForgivingSplit) {
    const auto rows = split_rows("a,\"b\"\"c\",d\n\"x\"y,2\n\"open", ',', '"', 10, false);
    ASSERT_EQ(rows.size(), 2u); // the open quote at the end is cut by the sample
    EXPECT_EQ(rows[0].fields[1].value, "b\"\"c");
    EXPECT_TRUE(rows[0].fields[1].quoted);
    EXPECT_TRUE(rows[1].malformed);
    EXPECT_EQ(rows[1].line, 2u);
}

} // namespace
} // namespace ferry::formats::sniffer
