#include "pipeline/files_schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.h"

namespace ferry::pipeline {
namespace {

namespace fs = std::filesystem;

TEST(FilesSchema, SamplesEveryFileUpToTheLimitThenSpreadsThem) {
    EXPECT_EQ(sampled_files(1), (std::vector<std::size_t>{0}));
    EXPECT_EQ(sampled_files(3, 4), (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(sampled_files(10, 4), (std::vector<std::size_t>{0, 3, 6, 9}));
    const auto many = sampled_files(1000);
    ASSERT_EQ(many.size(), kMaxSampledFiles);
    EXPECT_EQ(many.front(), 0u);
    EXPECT_EQ(many.back(), 999u);
    EXPECT_TRUE(std::is_sorted(many.begin(), many.end()));
    EXPECT_EQ(std::adjacent_find(many.begin(), many.end()), many.end());
}

class FilesSchemaFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ferry_files_schema_" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    FileSpec file(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
        FileSpec spec;
        spec.path = dir_ / name;
        return spec;
    }
    fs::path dir_;
};

TEST_F(FilesSchemaFiles, WidensByNameAcrossFilesAndKeepsTheFirstFilesColumns) {
    const std::vector<FileSpec> files = {file("a.csv", "id,x,when\n1,5,2024-01-01\n"),
                                         file("b.csv", "x,id,extra\n0.5,2,z\n"),
                                         file("c.csv", "id,x,when\n3,,2024-01-02 10:00:00\n")};
    const auto schema = files_schema(files);
    ASSERT_EQ(schema.size(), 3u);
    EXPECT_EQ(schema[0].name, "id");
    EXPECT_EQ(schema[0].type, "Int64");
    EXPECT_EQ(schema[1].name, "x");
    EXPECT_EQ(schema[1].type, "Nullable(Float64)");
    EXPECT_EQ(schema[2].name, "when");
    EXPECT_EQ(schema[2].type, "String");
}

TEST_F(FilesSchemaFiles, AColumnOfOnlyNullsInOneFileDoesNotMakeItAString) {
    const std::vector<FileSpec> files = {file("a.csv", "id,note\n1,\n2,\n"), file("b.csv", "id,note\n3,7\n"),
                                         file("c.csv", "id,note\n4,\"\"\n")};
    auto schema = files_schema({files[0], files[1]});
    ASSERT_EQ(schema.size(), 2u);
    EXPECT_EQ(schema[1].type, "Nullable(Int64)");
    // An empty quoted value is a value (an empty string), not a NULL.
    schema = files_schema(files);
    EXPECT_EQ(schema[1].type, "Nullable(String)");
}

TEST_F(FilesSchemaFiles, ABadRowInALaterFileNamesThatFileUnlessReadLeniently) {
    const std::vector<FileSpec> files = {file("a.csv", "id,x\n1,2\n"), file("b.csv", "id,x\n1,2,3\n4,5.5\n")};
    try {
        files_schema(files);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("b.csv"), std::string::npos) << error.what();
    }
    const auto lenient = widen_by_files(files_schema({files[0]}), files, sniffed_columns);
    ASSERT_EQ(lenient.size(), 2u);
    EXPECT_EQ(lenient[1].type, "Float64");
}

TEST_F(FilesSchemaFiles, SkipModeLeavesRowsThatDoNotParseOutOfTheTypesAndCountsThem) {
    // A ragged row and a quote with text after it: the strict check stops at the first, skip mode types the
    // columns from the other rows and says how many it left out.
    const std::vector<FileSpec> files = {
        file("a.csv", "id,price,day\n1,1.5,2024-01-01\n2,2.5,2024-01-02,extra\n3,\"3\"x,2024-01-03\n4,4,2024-01-04\n"),
        file("b.csv", "id,price,day\n5,5.5\n6,6.5,2024-01-06\n")};
    EXPECT_THROW(files_schema(files), Error);
    InferenceReport report;
    const auto schema = files_schema(files, true, &report);
    ASSERT_EQ(schema.size(), 3u);
    EXPECT_EQ(schema[0].type, "Int64");
    EXPECT_EQ(schema[1].type, "Float64");
    EXPECT_EQ(schema[2].type, "Date");
    EXPECT_EQ(report.skipped_rows, 3u);
    EXPECT_EQ(report.sampled_rows, 6u);
}

TEST_F(FilesSchemaFiles, AHeaderOnlyFileHasNoSampledRows) {
    InferenceReport report;
    const auto schema = files_schema({file("h.csv", "id,name\n")}, true, &report);
    EXPECT_EQ(schema.size(), 2u);
    EXPECT_EQ(report.sampled_rows, 0u);
}

} // namespace
} // namespace ferry::pipeline
