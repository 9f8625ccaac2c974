#include "pipeline/file_set.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "common/error.h"

namespace ferry::pipeline {
namespace {

namespace fs = std::filesystem;

TEST(FileSet, DataFileNames) {
    for (const char* name : {"a.csv", "b.TSV", "c.txt.gz", "d.csv.zst", "e.tsv.GZ"}) {
        EXPECT_TRUE(is_data_file_name(name)) << name;
    }
    for (const char* name : {".a.csv", "a.csv.ferry-tmp-1", "notes.md", "a.gz", "a.csv.bz2", "csv"}) {
        EXPECT_FALSE(is_data_file_name(name)) << name;
    }
}

TEST(FileSet, ExpandsGlobsDirectoriesAndPathsInOrderOnce) {
    const auto dir = fs::temp_directory_path() / ("ferry-file-set-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "d");
    for (const char* name : {"d/b.csv", "d/a.tsv.gz", "d/x.md", "d/.hidden.csv", "one.csv", "two.csv"}) {
        std::ofstream(dir / name) << "id\n1\n";
    }
    const auto files = expand_file_arguments(
        {(dir / "d").string(), (dir / "*.csv").string(), (dir / "d" / "b.csv").string()});
    EXPECT_EQ(files, (std::vector<fs::path>{dir / "d" / "a.tsv.gz", dir / "d" / "b.csv", dir / "one.csv",
                                             dir / "two.csv"}));
    try {
        expand_file_arguments({(dir / "*.zst").string()});
        ADD_FAILURE() << "an empty glob must fail";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::File);
        EXPECT_NE(std::string(error.what()).find("no file matches"), std::string::npos) << error.what();
    }
    fs::remove_all(dir);
}

} // namespace
} // namespace ferry::pipeline
