/// The server refuses what a local web server must refuse: foreign Host names (DNS rebinding), cross-origin
/// writes (CSRF), and every way of naming a file outside the data directory.

#include <filesystem>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

bool is_error(const HttpResult& result, const std::string& kind) {
    return result.body.find(R"({"error":{"kind":")" + kind + "\"") == 0;
}

class ApiSafety : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        write_file(data_dir_ / "inside.csv", "a\n1\n");
        write_file(scratch("secret.csv"), "password\nTOP-SECRET-CONTENT\n");
        fs::create_symlink(scratch("secret.csv"), data_dir_ / "link.csv");
        fs::create_directory_symlink(scratch(""), data_dir_ / "escape");
    }

    std::string origin() const { return "Origin: http://127.0.0.1:" + std::to_string(server_->port()); }
};

TEST_F(ApiSafety, RefusesForeignHostNames) {
    const auto port = std::to_string(server_->port());
    const std::vector<std::string> foreign = {"evil.example", "evil.example:" + port, "127.0.0.1:1",
                                              "10.0.0.1:" + port};
    for (const auto& host : foreign) {
        const auto result = get("/api/files", {"Host: " + host});
        EXPECT_EQ(result.status, 403) << host;
        EXPECT_TRUE(is_error(result, "forbidden")) << result.body;
        EXPECT_EQ(get("/", {"Host: " + host}).status, 403) << host;
    }
    const std::vector<std::string> local = {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port,
                                            "localhost"};
    for (const auto& host : local) {
        EXPECT_EQ(get("/api/files", {"Host: " + host}).status, 200) << host;
    }
}

TEST_F(ApiSafety, RefusesCrossOriginWrites) {
    const std::string body = R"({"file": {"path": "inside.csv"}})";
    auto result = post("/api/file/schema", body, {"Origin: http://evil.example"});
    EXPECT_EQ(result.status, 403);
    EXPECT_TRUE(is_error(result, "forbidden")) << result.body;
    EXPECT_EQ(post("/api/file/schema", body, {"Origin: http://localhost:1"}).status, 403);
    EXPECT_EQ(post("/api/file/schema", body, {"Origin: null"}).status, 403);
    EXPECT_EQ(call(HttpCall{"POST", "/api/files?name=x.csv", "evil", {"Origin: http://evil.example"}}).status,
              403);
    EXPECT_FALSE(fs::exists(data_dir_ / "x.csv"));
    EXPECT_EQ(call(HttpCall{"DELETE", "/api/jobs/abc", "", {"Origin: http://evil.example"}}).status, 403);

    // Same origin, or no Origin at all (curl, scripts), is fine; reads are fine from anywhere.
    EXPECT_EQ(post("/api/file/schema", body, {origin()}).status, 200);
    EXPECT_EQ(post("/api/file/schema", body, {"Origin: http://localhost:" + std::to_string(server_->port())})
                  .status,
              200);
    EXPECT_EQ(post("/api/file/schema", body).status, 200);
    EXPECT_EQ(get("/api/files", {"Origin: http://evil.example"}).status, 200);
    EXPECT_EQ(get("/api/files", {"Origin: http://evil.example"}).headers.count("access-control-allow-origin"),
              0u);
}

TEST_F(ApiSafety, RefusesDownloadPathsOutsideTheDataDirectory) {
    for (const char* path :
         {"/api/files/../secret.csv", "/api/files/%2e%2e/secret.csv", "/api/files/%2E%2E%2Fsecret.csv",
          "/api/files/..%2fsecret.csv", "/api/files/%2Fetc%2Fpasswd", "/api/files//etc/passwd"}) {
        const auto result = get(path);
        EXPECT_EQ(result.status, 400) << path << " " << result.body;
        EXPECT_TRUE(is_error(result, "file")) << path << " " << result.body;
        EXPECT_EQ(result.body.find("TOP-SECRET"), std::string::npos);
    }
    for (const char* path :
         {"/api/files/link.csv", "/api/files/escape/secret.csv", "/api/files/escape%2Fsecret.csv"}) {
        const auto result = get(path);
        EXPECT_EQ(result.status, 403) << path << " " << result.body;
        EXPECT_TRUE(is_error(result, "file")) << path << " " << result.body;
        EXPECT_EQ(result.body.find("TOP-SECRET"), std::string::npos);
    }
    EXPECT_EQ(get("/api/files/inside.csv").body, "a\n1\n");
    // The escaping link is not even listed.
    EXPECT_EQ(get("/api/files").body.find("link.csv"), std::string::npos);
}

TEST_F(ApiSafety, RefusesUploadPathsOutsideTheDataDirectory) {
    for (const char* name :
         {"..%2Fplanted.csv", "%2e%2e%2fplanted.csv", "%2Ftmp%2Fplanted.csv", "escape%2Fplanted.csv", ""}) {
        const auto result = call(HttpCall{"POST", std::string("/api/files?name=") + name, "planted", {}});
        EXPECT_TRUE(result.status == 400 || result.status == 403) << name << " " << result.status;
        EXPECT_TRUE(is_error(result, "file") || is_error(result, "usage")) << result.body;
    }
    EXPECT_FALSE(fs::exists(scratch("planted.csv")));
    EXPECT_FALSE(fs::exists("/tmp/planted.csv"));
    // A write through the symlink to a file outside is refused, and the outside file is untouched.
    EXPECT_EQ(call(HttpCall{"POST", "/api/files?name=link.csv", "overwritten", {}}).status, 403);
    EXPECT_EQ(read_file(scratch("secret.csv")), "password\nTOP-SECRET-CONTENT\n");
}

TEST_F(ApiSafety, RefusesFilePathsInRequestBodies) {
    const auto check = [&](const std::string& path, long status) {
        const auto schema = post("/api/file/schema", R"({"file": {"path": ")" + path + R"("}})");
        EXPECT_EQ(schema.status, status) << path << " " << schema.body;
        EXPECT_TRUE(is_error(schema, "file")) << schema.body;
        EXPECT_EQ(schema.body.find("TOP-SECRET"), std::string::npos);
        const auto preview =
            post("/api/preview", R"({"source": {"kind": "file", "path": ")" + path + R"("}})");
        EXPECT_EQ(preview.status, status) << path << " " << preview.body;
        const auto job = post(
            "/api/jobs", R"({"source": {"kind": "clickhouse", "connection": )" + connection_json() +
                             R"(, "table": "t"}, "target": {"kind": "file", "path": ")" + path + R"("}})");
        EXPECT_EQ(job.status, status) << path << " " << job.body;
    };
    check("../secret.csv", 400);
    check("sub/../../secret.csv", 400);
    check("/etc/passwd", 400);
    check("", 400);
    check("link.csv", 403);
    check("escape/secret.csv", 403);
    EXPECT_EQ(get("/api/jobs").body, R"({"jobs":[]})");
}

} // namespace
} // namespace ferry::test
