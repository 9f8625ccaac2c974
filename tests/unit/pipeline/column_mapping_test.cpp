#include "pipeline/column_mapping.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::pipeline {
namespace {

MappingInput input() {
    MappingInput in;
    in.file_columns = {"ID", "Name", "extra"};
    in.table_columns = {{"id", "UInt32"}, {"Name", "String"}, {"note", "String"}};
    in.table = "people";
    in.file = "people.csv";
    return in;
}

std::string refusal(const MappingInput& in) {
    try {
        map_columns(in);
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Usage);
        return error.what();
    }
    return "";
}

TEST(ColumnMapping, ByNameWithTheMapOverriding) {
    auto in = input();
    in.column_map = {{"ID", "id"}, {"extra", "note"}};
    const auto mappings = map_columns(in);
    ASSERT_EQ(mappings.size(), 3u);
    EXPECT_EQ(mappings[0].file_index, 0u);
    EXPECT_EQ(mappings[0].column.name, "id");
    EXPECT_EQ(mappings[1].column.name, "Name");
    EXPECT_EQ(mappings[2].file_index, 2u);
    EXPECT_EQ(mappings[2].column.name, "note");
}

TEST(ColumnMapping, ErrorsAreAdviceWithoutFlags) {
    auto in = input();
    in.column_map = {{"ID", "id"}};
    const auto message = refusal(in);
    EXPECT_EQ(message, "file column 'extra' has no column of that name in table 'people' (its columns: id, Name, "
                       "note); map it to one of them, or leave it out of the columns to load");
    EXPECT_EQ(message.find("--"), std::string::npos);
    in.wanted = {"ID", "Name"};
    EXPECT_EQ(map_columns(in).size(), 2u);
    in.column_map = {{"ID", "missing"}};
    EXPECT_NE(refusal(in).find("cannot map 'ID' to 'missing': table 'people' has no such column"), std::string::npos);
    in.column_map = {{"nope", "id"}};
    EXPECT_NE(refusal(in).find("cannot map 'nope': it is not a column of people.csv"), std::string::npos);
    in.column_map = {{"ID", "Name"}};
    EXPECT_NE(refusal(in).find("two file columns would load into column 'Name'"), std::string::npos);
}

TEST(ColumnMapping, ByPositionWithoutAHeader) {
    auto in = input();
    in.file_columns = {"c1", "c2"};
    in.by_name = false;
    const auto mappings = map_columns(in);
    ASSERT_EQ(mappings.size(), 2u);
    EXPECT_EQ(mappings[1].column.name, "Name");
}

} // namespace
} // namespace ferry::pipeline
