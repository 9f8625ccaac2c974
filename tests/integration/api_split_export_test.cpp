/// Split and partitioned exports through the API: the target's split fields, the files on disk, and the
/// manifest shown in the finished job.

#include <boost/json.hpp>

#include <filesystem>

#include "api_support.h"
#include "io/file_digest.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class ApiSplitExport : public ApiTest {
protected:
    std::string source() {
        return R"({"kind": "clickhouse", "connection": )" + connection_json() + R"(, "table": "t"})";
    }
};

TEST_F(ApiSplitExport, SplitExportJobShowsItsManifest) {
    query("CREATE TABLE t (id UInt32, day Date) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t SELECT number, toDate('2024-01-30') + number % 3 FROM system.numbers LIMIT 25");
    fs::create_directories(data_dir_ / "out");
    const auto created = post("/api/jobs", R"({"source": )" + source() +
                                               R"(, "target": {"kind": "file", "path": "out/t.csv", )"
                                               R"x("split_rows": 10, "partition_by": "toYYYYMM(day)", "parallel": 2}})x");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = std::string(json::parse(created.body).at("id").as_string());
    const auto job = json::parse(wait_for_job(id)).as_object();
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("target").at("split_rows").to_number<int>(), 10);
    EXPECT_EQ(job.at("target").at("partition_by"), "toYYYYMM(day)");
    EXPECT_EQ(job.at("manifest_path"), "out/t.manifest.json");
    const auto& files = job.at("manifest").at("files").as_array();
    // January 30 and 31: 17 rows -> two files; February 1: 8 rows.
    ASSERT_EQ(files.size(), 3u) << json::serialize(job);
    EXPECT_EQ(files[0].at("path"), "t-202401-00001.csv");
    EXPECT_EQ(files[0].at("partition"), "202401");
    EXPECT_EQ(files[0].at("rows").to_number<int>(), 10);
    EXPECT_EQ(files[1].at("rows").to_number<int>(), 7);
    EXPECT_EQ(files[2].at("path"), "t-202402-00001.csv");
    EXPECT_EQ(files[2].at("rows").to_number<int>(), 8);
    EXPECT_EQ(files[2].at("sha256").as_string(), io::sha256_of_file(data_dir_ / "out" / "t-202402-00001.csv"));
    EXPECT_EQ(job.at("manifest").at("rows").to_number<int>(), 25);
}

TEST_F(ApiSplitExport, RefusesSplitFieldsOnImportsAndParallelAlone) {
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "in.csv", "id\n1\n");
    auto result = post("/api/jobs", R"({"source": {"kind": "file", "path": "in.csv", "split_rows": 5}, "target": )" +
                                        source() + "}");
    EXPECT_EQ(result.status, 400) << result.body;
    EXPECT_NE(result.body.find("apply to export targets"), std::string::npos) << result.body;
    result = post("/api/jobs", R"({"source": )" + source() +
                                   R"(, "target": {"kind": "file", "path": "o.csv", "parallel": 2}})");
    EXPECT_EQ(result.status, 400) << result.body;
    EXPECT_NE(result.body.find("'target.parallel' needs"), std::string::npos) << result.body;
}

TEST_F(ApiSplitExport, ImportsSeveralFilesAsOneJob) {
    query("CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "a.csv", "id,s\n1,a\n2,b\n");
    write_file(data_dir_ / "b.csv", "id,s\n3,c\nx,bad\n");
    const auto body = [&](const std::string& extra) {
        return R"({"source": {"kind": "file", "paths": ["a.csv", "b.csv"]}, "target": {"kind": "clickhouse", )"
               R"("connection": )" + connection_json() + R"(, "table": "t")" + extra + "}}";
    };
    auto created = post("/api/jobs", body(""));
    ASSERT_EQ(created.status, 201) << created.body;
    auto job = json::parse(wait_for_job(std::string(json::parse(created.body).at("id").as_string()))).as_object();
    EXPECT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_NE(json::serialize(job.at("error")).find("b.csv line 3"), std::string::npos) << json::serialize(job);
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), "0\n");

    created = post("/api/jobs", body(R"(, "on_error": "skip")"));
    ASSERT_EQ(created.status, 201) << created.body;
    job = json::parse(wait_for_job(std::string(json::parse(created.body).at("id").as_string()))).as_object();
    EXPECT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("source").at("paths").as_array().size(), 2u);
    EXPECT_EQ(job.at("target").at("rejects"), "t.rejects.csv");
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TabSeparated"), "3\n");
    EXPECT_EQ(read_file(data_dir_ / "t.rejects.csv").substr(0, 24), "file,line,reason,record\n");

    // Every path stays inside the data directory.
    const auto outside = post("/api/jobs", R"({"source": {"kind": "file", "paths": ["a.csv", "../x.csv"]}, )"
                                           R"("target": {"kind": "clickhouse", "connection": )" +
                                               connection_json() + R"(, "table": "t"}})");
    EXPECT_EQ(outside.status, 400) << outside.body;
}

} // namespace
} // namespace ferry::test
