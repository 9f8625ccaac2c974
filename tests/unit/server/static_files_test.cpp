#include "server/static_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace ferry::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("ferry_web_" + std::to_string(std::random_device{}()));
        fs::create_directories(root_ / "assets");
        std::ofstream(root_ / "index.html") << "<!doctype html>";
        std::ofstream(root_ / "assets" / "app.js") << "console.log(1)";
        std::ofstream(root_ / "favicon.svg") << "<svg/>";
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexAssetsAndFallsBackForAppRoutes) {
    const StaticFiles files(root_);
    auto response = files.serve("/");
    EXPECT_EQ(response.file.filename(), "index.html");
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");

    response = files.serve("/assets/app.js");
    EXPECT_EQ(response.file.filename(), "app.js");
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");

    response = files.serve("/favicon.svg");
    EXPECT_EQ(response.content_type, "image/svg+xml");

    response = files.serve("/transfer/step/2");
    EXPECT_EQ(response.file.filename(), "index.html");

    response = files.serve("/assets/missing.js");
    EXPECT_EQ(response.status, 404u);
    EXPECT_TRUE(response.file.empty());
}

TEST_F(StaticFilesTest, RefusesPathsLeavingTheWebDirectory) {
    const StaticFiles files(root_);
    EXPECT_THROW(files.serve("/../etc/passwd"), HttpError);
    EXPECT_THROW(files.serve("/%2e%2e/etc/passwd"), HttpError);
}

TEST_F(StaticFilesTest, WithoutAWebDirectoryEverythingIs404) {
    const StaticFiles files("");
    EXPECT_EQ(files.serve("/").status, 404u);
}

TEST(ContentType, ByExtension) {
    EXPECT_EQ(content_type_for("a.CSS"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
    EXPECT_EQ(content_type_for("a.csv"), "text/csv; charset=utf-8");
    EXPECT_EQ(content_type_for("a"), "application/octet-stream");
}

} // namespace
} // namespace ferry::server
