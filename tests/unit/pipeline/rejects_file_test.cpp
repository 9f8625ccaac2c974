#include "pipeline/rejects_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "pipeline/file_sniff.h"
#include "pipeline/preview.h"
#include "pipeline/rejects_input.h"

namespace ferry::pipeline {
namespace {

namespace fs = std::filesystem;

class RejectsFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ferry_rejects_" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    fs::path dir_;
};

TEST_F(RejectsFileTest, LineReasonAndTheRecordAsItWasAfterTheInputsHeader) {
    formats::Dialect semicolon;
    semicolon.delimiter = ';';
    RejectsFile rejects(dir_ / "r.csv", semicolon);
    rejects.set_header("id;name;price", 1);
    rejects.add(3, "expected 3 fields, found 4", "2;Bo;1,5;x");
    rejects.add(5, "blank line", "");
    rejects.add(7, "unexpected 'x' after the closing quote of field 2", "4;\"Cy\"x;2");
    rejects.commit();
    EXPECT_EQ(rejects.count(), 3u);
    EXPECT_EQ(read(dir_ / "r.csv"), "line,reason,record\n"
                                    "1,header,id;name;price\n"
                                    "3,\"expected 3 fields, found 4\",\"2;Bo;1,5;x\"\n"
                                    "5,blank line,\"\"\n"
                                    "7,unexpected 'x' after the closing quote of field 2,\"4;\"\"Cy\"\"x;2\"\n");
}

TEST_F(RejectsFileTest, NothingRejectedLeavesNoFile) {
    RejectsFile rejects(dir_ / "r.csv", formats::Dialect{});
    rejects.set_header("a,b", 1);
    rejects.commit();
    EXPECT_FALSE(fs::exists(dir_ / "r.csv"));
}

TEST_F(RejectsFileTest, ARecordRebuiltFromFieldsQuotesWhereNeeded) {
    formats::Dialect pipe;
    pipe.delimiter = '|';
    const std::vector<formats::Field> fields = {{"1", false}, {"a|b", true}, {"", false}, {"", true}};
    EXPECT_EQ(RejectsFile::record_text(fields, pipe), "1|\"a|b\"||\"\"");
}

TEST_F(RejectsFileTest, AFixedRejectsFileReadsBackAsTheRecordsInTheInputsDialect) {
    formats::Dialect semicolon;
    semicolon.delimiter = ';';
    {
        RejectsFile rejects(dir_ / "data.csv.rejects.csv", semicolon);
        rejects.set_header("id;name;price", 1);
        rejects.add(3, "expected 3 fields, found 4", "2;Bo;1,5;x");
        rejects.add(9, "column price: 'abc' is not a valid Float64", "7;\"Smith; John\";abc");
        rejects.commit();
    }
    const auto path = dir_ / "data.csv.rejects.csv";
    ASSERT_TRUE(is_rejects_file(path));
    EXPECT_FALSE(is_rejects_file(dir_ / "missing.csv"));
    // What a user does: fix the records in place (here: drop the extra field, correct the price).
    auto text = read(path);
    text.replace(text.find("2;Bo;1,5;x"), 10, "2;Bo;1,5");
    text.replace(text.find(";abc"), 4, ";3,25");
    std::ofstream(path, std::ios::binary) << text;

    const auto sniffed = sniff_file(path, {});
    EXPECT_EQ(sniffed.spec.dialect.delimiter, ';');
    EXPECT_TRUE(sniffed.spec.dialect.header);
    const auto table = preview_file(sniffed.spec, {});
    EXPECT_EQ(table.columns, (std::vector<std::string>{"id", "name", "price"}));
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(*table.rows[0][2], "1,5");
    EXPECT_EQ(*table.rows[1][1], "Smith; John");
    EXPECT_EQ(*table.rows[1][2], "3,25");
}

} // namespace
} // namespace ferry::pipeline
