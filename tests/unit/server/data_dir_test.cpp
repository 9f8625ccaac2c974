#include "server/data_dir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "server/http_message.h"

namespace ferry::server {
namespace {

namespace fs = std::filesystem;

class DataDirTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("ferry_data_dir_" + std::to_string(std::random_device{}()));
        fs::create_directories(base_ / "data" / "sub");
        std::ofstream(base_ / "data" / "a.csv") << "x\n1\n";
        std::ofstream(base_ / "data" / "sub" / "b.csv") << "y\n";
        std::ofstream(base_ / "data" / ".hidden") << "h";
        std::ofstream(base_ / "secret.txt") << "secret";
    }
    void TearDown() override { fs::remove_all(base_); }

    /// The HTTP status resolve() answers with, or 0 when it accepts the name.
    unsigned refusal(const DataDir& dir, std::string_view name) {
        try {
            dir.resolve(name);
            return 0;
        } catch (const HttpError& error) {
            EXPECT_EQ(error.kind(), ErrorKind::File);
            return error.status();
        }
    }

    fs::path base_;
};

TEST_F(DataDirTest, ResolvesNamesInside) {
    const DataDir dir(base_ / "data");
    EXPECT_EQ(dir.resolve("a.csv"), fs::canonical(base_ / "data" / "a.csv"));
    EXPECT_EQ(dir.resolve("sub/b.csv"), fs::canonical(base_ / "data" / "sub" / "b.csv"));
    EXPECT_EQ(dir.resolve("./new.csv"), fs::canonical(base_ / "data") / "new.csv");
    EXPECT_EQ(dir.relative_name(dir.resolve("sub/b.csv")), "sub/b.csv");
}

TEST_F(DataDirTest, RefusesEscapes) {
    const DataDir dir(base_ / "data");
    EXPECT_EQ(refusal(dir, ""), 400u);
    EXPECT_EQ(refusal(dir, "/etc/passwd"), 400u);
    EXPECT_EQ(refusal(dir, "../secret.txt"), 400u);
    EXPECT_EQ(refusal(dir, "sub/../../secret.txt"), 400u);
    EXPECT_EQ(refusal(dir, ".."), 400u);
    EXPECT_EQ(refusal(dir, "."), 403u);
    EXPECT_EQ(refusal(dir, std::string_view("a\0b", 3)), 400u);
}

TEST_F(DataDirTest, RefusesFerrysOwnFolder) {
    const DataDir dir(base_ / "data");
    fs::create_directories(base_ / "data" / ".ferry" / "jobs");
    EXPECT_EQ(refusal(dir, ".ferry/jobs/0123.json"), 403u);
    EXPECT_EQ(refusal(dir, "./.ferry/jobs"), 403u);
    EXPECT_EQ(refusal(dir, "sub/../.ferry/x"), 400u);
    EXPECT_EQ(refusal(dir, ".ferry2/x.csv"), 0u);
}

TEST_F(DataDirTest, RefusesSymlinksLeadingOutside) {
    fs::create_symlink(base_ / "secret.txt", base_ / "data" / "link.txt");
    fs::create_directory_symlink(base_, base_ / "data" / "up");
    fs::create_symlink(base_ / "data" / "a.csv", base_ / "data" / "inside.csv");
    const DataDir dir(base_ / "data");
    EXPECT_EQ(refusal(dir, "link.txt"), 403u);
    EXPECT_EQ(refusal(dir, "up/secret.txt"), 403u);
    EXPECT_EQ(refusal(dir, "up/data/a.csv"), 0u); // leaves and comes back: still inside
    EXPECT_EQ(refusal(dir, "inside.csv"), 0u);
}

TEST_F(DataDirTest, ResolveExistingNeedsARegularFile) {
    const DataDir dir(base_ / "data");
    EXPECT_NO_THROW(dir.resolve_existing("a.csv"));
    try {
        dir.resolve_existing("missing.csv");
        FAIL() << "expected an error";
    } catch (const HttpError& error) {
        EXPECT_EQ(error.status(), 404u);
    }
    EXPECT_THROW(dir.resolve_existing("sub"), HttpError);
}

TEST_F(DataDirTest, ListsTopLevelRegularFilesWithoutHiddenOnesOrEscapingLinks) {
    fs::create_symlink(base_ / "secret.txt", base_ / "data" / "link.txt");
    const DataDir dir(base_ / "data");
    const auto files = dir.list();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].name, "a.csv");
    EXPECT_EQ(files[0].size, 4u);
}

TEST_F(DataDirTest, ListsTheTreeForPickingAFolder) {
    fs::create_directories(base_ / "data" / ".ferry" / "jobs");
    std::ofstream(base_ / "data" / ".ferry" / "jobs" / "1.json") << "{}";
    fs::create_directories(base_ / "data" / "sub" / "deeper" / "d3" / "d4");
    std::ofstream(base_ / "data" / "sub" / "deeper" / "c.csv") << "z\n";
    std::ofstream(base_ / "data" / "sub" / "deeper" / "d3" / "e.csv") << "z\n";
    std::ofstream(base_ / "data" / "sub" / "deeper" / "d3" / "d4" / "too_deep.csv") << "z\n";
    std::ofstream(base_ / "data" / "sub" / ".b.csv.ferry-tmp") << "partial";
    fs::create_directory_symlink(base_, base_ / "data" / "sub" / "loop");
    DataDir dir(base_ / "data");
    std::vector<std::string> names;
    for (const auto& file : dir.list_tree()) {
        names.push_back(file.name);
    }
    // Hidden files and folders (Ferry's own records), symlinked folders and the fifth level are left out.
    EXPECT_EQ(names, (std::vector<std::string>{"a.csv", "sub/b.csv", "sub/deeper/c.csv", "sub/deeper/d3/e.csv"}));
    EXPECT_EQ(dir.list().size(), 1u); // the plain listing is unchanged
}

TEST_F(DataDirTest, CreatesAMissingDirectory) {
    const DataDir dir(base_ / "new" / "deeper");
    EXPECT_TRUE(fs::is_directory(base_ / "new" / "deeper"));
    EXPECT_TRUE(dir.list().empty());
}

} // namespace
} // namespace ferry::server
