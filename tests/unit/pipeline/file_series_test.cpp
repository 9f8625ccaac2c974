#include "pipeline/file_series.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "io/file_digest.h"
#include "pipeline/split_file_sink.h"

namespace ferry::pipeline {
namespace {

namespace fs = std::filesystem;

class FileSeriesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("ferry-series-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::vector<std::string> listing() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }
    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    /// Writes `rows` one-field rows "r<i>" through a sink.
    static void write_rows(SplitFileSink& sink, int rows) {
        for (int i = 0; i < rows; ++i) {
            const std::string value = "r" + std::to_string(i);
            const formats::TsvField field{.value = value, .is_null = false};
            sink.write_row(std::span(&field, 1));
        }
    }

    fs::path dir_;
};

TEST(SplitExtension, NumberGoesBeforeTheFormatAndCodecSuffixes) {
    EXPECT_EQ(split_extension("out.csv.gz"), std::make_pair(std::string("out"), std::string(".csv.gz")));
    EXPECT_EQ(split_extension("my.data.tsv.ZST"), std::make_pair(std::string("my.data"), std::string(".tsv.ZST")));
    EXPECT_EQ(split_extension("a.b.csv"), std::make_pair(std::string("a.b"), std::string(".csv")));
    EXPECT_EQ(split_extension("data"), std::make_pair(std::string("data"), std::string("")));
    EXPECT_EQ(split_extension(".hidden.csv"), std::make_pair(std::string(".hidden"), std::string(".csv")));
}

TEST(PartitionLabel, KeepsSafeBytesOnly) {
    EXPECT_EQ(sanitize_partition_label("202401"), "202401");
    EXPECT_EQ(sanitize_partition_label("2024-01-01 10:00:00"), "2024-01-01_10_00_00");
    EXPECT_EQ(sanitize_partition_label("../../etc/passwd"), "_._.._etc_passwd");
    EXPECT_EQ(sanitize_partition_label("-1"), "_1");
    EXPECT_EQ(sanitize_partition_label(""), "empty");
    EXPECT_EQ(sanitize_partition_label("\\N"), "null");
    EXPECT_EQ(sanitize_partition_label("caf\xc3\xa9"), "caf__");
    EXPECT_EQ(sanitize_partition_label(std::string(200, 'x')).size(), 64u);
}

TEST_F(FileSeriesTest, SplitsByRowsAndCommitsEveryFileThenTheManifest) {
    FileSeries series(dir_ / "out.csv", true);
    {
        SplitFileSink sink(series, "", formats::Dialect{}, SplitLimits{.rows = 4}, {"v"});
        write_rows(sink, 10);
        sink.finish();
    }
    // Nothing under a final name before commit: only temporary files.
    for (const auto& name : listing()) {
        EXPECT_TRUE(name.starts_with(".out-")) << name;
    }
    series.commit("\"columns\":[\"v\"]");
    EXPECT_EQ(listing(), (std::vector<std::string>{"out-00001.csv", "out-00002.csv", "out-00003.csv",
                                                   "out.manifest.json"}));
    EXPECT_EQ(read(dir_ / "out-00001.csv"), "v\nr0\nr1\nr2\nr3\n");
    EXPECT_EQ(read(dir_ / "out-00003.csv"), "v\nr8\nr9\n");
    const auto manifest = read(dir_ / "out.manifest.json");
    EXPECT_NE(manifest.find("{\"path\":\"out-00003.csv\",\"rows\":2,\"bytes\":8,\"sha256\":\"" +
                            io::sha256_of_file(dir_ / "out-00003.csv") + "\"}"),
              std::string::npos)
        << manifest;
    EXPECT_NE(manifest.find("\"file_count\":3,\"rows\":10,"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("\"columns\":[\"v\"]}"), std::string::npos) << manifest;
}

TEST_F(FileSeriesTest, SplitsByBytesAtTheFirstRowThatReachesTheLimit) {
    FileSeries series(dir_ / "out.csv", true);
    SplitFileSink sink(series, "", formats::Dialect{}, SplitLimits{.bytes = 10}, {"v"});
    write_rows(sink, 5); // "v\n" + "r0\n" + "r1\n" + "r2\n" = 11 bytes: the first file ends after r2
    sink.finish();
    series.commit("");
    EXPECT_EQ(read(dir_ / "out-00001.csv"), "v\nr0\nr1\nr2\n");
    EXPECT_EQ(read(dir_ / "out-00002.csv"), "v\nr3\nr4\n");
}

TEST_F(FileSeriesTest, AbandonedSeriesLeavesNoFile) {
    {
        FileSeries series(dir_ / "out.csv.gz", true);
        SplitFileSink sink(series, "", formats::Dialect{}, SplitLimits{.rows = 2}, {"v"});
        write_rows(sink, 5); // two files sealed, one open
        EXPECT_FALSE(listing().empty());
    }
    EXPECT_TRUE(listing().empty());
}

TEST_F(FileSeriesTest, PartitionLabelsThatClashGetAHash) {
    FileSeries series(dir_ / "p.csv", false);
    series.assign_labels({"a/b", "a_b", "\\N", ""});
    EXPECT_EQ(series.label_of("a/b"), "a_b");
    EXPECT_NE(series.label_of("a_b"), "a_b");
    EXPECT_TRUE(series.label_of("a_b").starts_with("a_b-"));
    EXPECT_EQ(series.next_path("\\N"), dir_ / "p-null.csv");
    EXPECT_EQ(series.next_path(""), dir_ / "p-empty.csv");
}

TEST_F(FileSeriesTest, NewSeriesRemovesFilesOfThePreviousOneOnly) {
    for (const int rows : {7, 3}) {
        FileSeries series(dir_ / "out.csv", true);
        SplitFileSink sink(series, "", formats::Dialect{}, SplitLimits{.rows = 2}, {"v"});
        write_rows(sink, rows);
        sink.finish();
        std::ofstream(dir_ / "mine.csv") << "keep\n";
        series.commit("");
    }
    EXPECT_EQ(listing(), (std::vector<std::string>{"mine.csv", "out-00001.csv", "out-00002.csv",
                                                   "out.manifest.json"}));
}

} // namespace
} // namespace ferry::pipeline
