/// Jobs over many files through the API: files done / total and the current file in the job object and its
/// progress events, and the re-run guard over every file of a multi-file import.

#include <boost/json.hpp>

#include <filesystem>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class ApiMultiFileJob : public ApiTest {
protected:
    std::string import_body(const std::string& paths, const std::string& extra = "") {
        return R"({"source": {"kind": "file", "paths": )" + paths +
               R"(}, "target": {"kind": "clickhouse", "connection": )" + connection_json() +
               R"(, "table": "t"})" + extra + "}";
    }
    json::object run(const std::string& body) {
        const auto created = post("/api/jobs", body);
        EXPECT_EQ(created.status, 201) << created.body;
        if (created.status != 201) {
            return {};
        }
        return json::parse(wait_for_job(std::string(json::parse(created.body).at("id").as_string()))).as_object();
    }
    std::string count() { return query("SELECT count(), sum(id) FROM t FORMAT TabSeparated"); }
};

TEST_F(ApiMultiFileJob, ImportShowsFilesDoneOfTotalAndTheCurrentFile) {
    query("CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "a.csv", "id,s\n1,a\n2,b\n");
    write_file(data_dir_ / "b.csv", "id,s\n3,c\n");
    write_file(data_dir_ / "c.csv", "id,s\n4,d\n5,e\n");
    const auto job = run(import_body(R"(["a.csv", "b.csv", "c.csv"])"));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("files_done").to_number<int>(), 3);
    EXPECT_EQ(job.at("files_total").to_number<int>(), 3);
    EXPECT_EQ(job.at("current_file"), "c.csv");
    // Every file's bytes counted once: 13 + 9 + 13.
    EXPECT_EQ(job.at("bytes").to_number<int>(), 35);
    EXPECT_EQ(job.at("total_bytes").to_number<int>(), 35);
    EXPECT_EQ(job.at("source").at("fingerprints").as_array().size(), 3u);
    EXPECT_EQ(count(), "5\t15\n");

    // The progress events carry the same fields.
    const auto events = get("/api/jobs/" + std::string(job.at("id").as_string()) + "/events");
    EXPECT_NE(events.body.find("event: progress"), std::string::npos) << events.body;
    EXPECT_NE(events.body.find(R"("files_done":3,"files_total":3,"current_file":"c.csv")"), std::string::npos)
        << events.body;
}

TEST_F(ApiMultiFileJob, RerunGuardCoversEveryFileOfTheSet) {
    query("CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "a.csv", "id,s\n1,a\n2,b\n");
    write_file(data_dir_ / "b.csv", "id,s\n3,c\n");
    write_file(data_dir_ / "c.csv", "id,s\n4,d\n5,e\n");
    const auto first = run(import_body(R"(["a.csv", "b.csv", "c.csv"])"));
    ASSERT_EQ(first.at("status"), "completed") << json::serialize(first);

    // The same set, in another order: refused, naming the files and the earlier job.
    const auto again = post("/api/jobs", import_body(R"(["c.csv", "a.csv", "b.csv"])"));
    ASSERT_EQ(again.status, 409) << again.body;
    const auto error = json::parse(again.body).at("error").as_object();
    const std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("3 files (a.csv, b.csv, c.csv) were already loaded into `t` at "), std::string::npos)
        << message;
    EXPECT_NE(message.find("(5 rows, job "), std::string::npos) << message;
    EXPECT_EQ(error.at("previous_job").at("id"), first.at("id"));
    EXPECT_EQ(count(), "5\t15\n");

    // A different set is not a re-run: two of the files, one of them alone, or the set with a file more.
    EXPECT_EQ(run(import_body(R"(["a.csv", "b.csv"])")).at("status"), "completed");
    EXPECT_EQ(count(), "8\t21\n");
    EXPECT_EQ(run(import_body(R"(["c.csv"])")).at("status"), "completed");
    EXPECT_EQ(count(), "10\t30\n");
    write_file(data_dir_ / "d.csv", "id,s\n6,f\n");
    EXPECT_EQ(run(import_body(R"(["a.csv", "b.csv", "c.csv", "d.csv"])")).at("status"), "completed");
    EXPECT_EQ(count(), "16\t51\n");

    // One file of the set edited: not a re-run either.
    write_file(data_dir_ / "b.csv", "id,s\n7,g\n");
    EXPECT_EQ(run(import_body(R"(["a.csv", "b.csv", "c.csv"])")).at("status"), "completed");
    EXPECT_EQ(count(), "21\t70\n");
    // ... but now that set was loaded, and "again" still loads it.
    EXPECT_EQ(post("/api/jobs", import_body(R"(["a.csv", "b.csv", "c.csv"])")).status, 409);
    EXPECT_EQ(run(import_body(R"(["a.csv", "b.csv", "c.csv"])", R"(, "again": true)")).at("status"), "completed");
    EXPECT_EQ(count(), "26\t89\n");
}

TEST_F(ApiMultiFileJob, SplitExportCountsTheFilesItWrote) {
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t SELECT number FROM system.numbers LIMIT 25");
    fs::create_directories(data_dir_ / "out");
    const auto job = run(R"({"source": {"kind": "clickhouse", "connection": )" + connection_json() +
                         R"(, "table": "t"}, "target": {"kind": "file", "path": "out/t.csv", "split_rows": 10}})");
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("files_done").to_number<int>(), 3);
    EXPECT_EQ(job.at("files_total").to_number<int>(), 3);
    EXPECT_EQ(job.at("current_file"), "out/t-00003.csv");
    EXPECT_EQ(job.at("manifest").at("files").as_array().size(), 3u);
}

TEST_F(ApiMultiFileJob, SchemaOfSeveralFilesAndTheFilesInFolders) {
    fs::create_directories(data_dir_ / "logs" / ".hidden");
    write_file(data_dir_ / "logs" / "a.csv", "id,amount\n1,10\n");
    write_file(data_dir_ / "logs" / "b.csv", "id,amount\n2,2.5\n");
    write_file(data_dir_ / "logs" / ".hidden" / "c.csv", "id,amount\n3,x\n");
    write_file(data_dir_ / "top.csv", "id\n1\n");

    // The first file alone says Int64; with every file of the set, Float64.
    auto schema = post("/api/file/schema", R"({"file": {"path": "logs/a.csv"}})");
    ASSERT_EQ(schema.status, 200) << schema.body;
    EXPECT_EQ(json::parse(schema.body).at("columns").at(1).at("type"), "Int64") << schema.body;
    schema = post("/api/file/schema", R"({"file": {"paths": ["logs/a.csv", "logs/b.csv"]}})");
    ASSERT_EQ(schema.status, 200) << schema.body;
    EXPECT_EQ(json::parse(schema.body).at("columns").at(1).at("type"), "Float64") << schema.body;
    EXPECT_EQ(post("/api/file/schema", R"({"file": {"paths": ["logs/a.csv", "../x.csv"]}})").status, 400);

    // The plain listing has the top-level file; ?recursive=1 the files in folders too, hidden ones left out.
    const auto names = [](const std::string& body) {
        std::string out;
        const auto parsed = json::parse(body);
        for (const auto& file : parsed.at("files").as_array()) {
            out += std::string(file.at("name").as_string()) + " ";
        }
        return out;
    };
    EXPECT_EQ(names(get("/api/files").body), "top.csv ");
    EXPECT_EQ(names(get("/api/files?recursive=1").body), "logs/a.csv logs/b.csv top.csv ");
}

} // namespace
} // namespace ferry::test
