/// The job history of `ferry serve`: records under the data directory that survive a restart (and a
/// crash, as `interrupted`), newest first; the 409 guard against loading a file twice; honest counts for
/// failed and cancelled imports; no secrets in the records on disk.

#include <boost/json.hpp>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

json::object parse(const std::string& body) {
    return json::parse(body).as_object();
}

std::int64_t number(const json::value& value) {
    return value.to_number<std::int64_t>();
}

std::string text(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
}

class ApiJobHistory : public ApiTest {
protected:
    std::string table_endpoint(const std::string& table, const std::string& extra = "",
                               const std::string& connection = "") {
        return R"({"kind": "clickhouse", "connection": )" + (connection.empty() ? connection_json() : connection) +
               R"(, "table": ")" + table + "\"" + extra + "}";
    }

    std::string import_body(const std::string& file, const std::string& table, const std::string& extra = "") {
        return R"({"source": {"kind": "file", "path": ")" + file + R"("}, "target": )" + table_endpoint(table) +
               extra + "}";
    }

    std::string submit(const std::string& body) {
        const auto result = post("/api/jobs", body);
        EXPECT_EQ(result.status, 201) << result.body;
        return result.status == 201 ? std::string(parse(result.body).at("id").as_string()) : "";
    }

    /// A new in-process server on the same data directory, as after `ferry serve` was started again.
    void restart() {
        server_.reset();
        start_server();
    }

    fs::path record_path(const std::string& id) const { return data_dir_ / ".ferry" / "jobs" / (id + ".json"); }

    /// Every job record on disk, concatenated.
    std::string all_records() {
        std::string out;
        for (const auto& entry : fs::directory_iterator(data_dir_ / ".ferry" / "jobs")) {
            out += read_file(entry.path()) + "\n";
        }
        return out;
    }

    json::array jobs() {
        const auto listing = get("/api/jobs");
        EXPECT_EQ(listing.status, 200) << listing.body;
        return parse(listing.body).at("jobs").as_array();
    }
};

TEST_F(ApiJobHistory, ListsJobsNewestFirstAndKeepsThemAcrossARestart) {
    query("CREATE TABLE a (n UInt32) ENGINE = MergeTree ORDER BY n");
    query("CREATE TABLE b (n UInt8) ENGINE = MergeTree ORDER BY n");
    write_file(data_dir_ / "a.csv", "n\n1\n2\n3\n");
    write_file(data_dir_ / "b.csv", "n\n1\n300\n");
    const auto first = submit(import_body("a.csv", "a"));
    ASSERT_EQ(parse(wait_for_job(first)).at("status"), "completed");
    const auto second = submit(import_body("b.csv", "b"));
    ASSERT_EQ(parse(wait_for_job(second)).at("status"), "failed");

    auto listed = jobs();
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(text(listed[0].at("id")), second);
    EXPECT_EQ(text(listed[1].at("id")), first);
    EXPECT_TRUE(fs::is_regular_file(record_path(first)));
    EXPECT_TRUE(fs::is_regular_file(record_path(second)));

    restart();
    listed = jobs();
    ASSERT_EQ(listed.size(), 2u);
    const auto& failed = listed[0].as_object();
    const auto& completed = listed[1].as_object();
    EXPECT_EQ(text(failed.at("id")), second);
    EXPECT_EQ(failed.at("status"), "failed");
    EXPECT_EQ(failed.at("error").at("kind"), "data");
    EXPECT_EQ(failed.at("error").at("line").to_number<std::int64_t>(), 3);
    EXPECT_EQ(text(completed.at("id")), first);
    EXPECT_EQ(completed.at("status"), "completed");
    EXPECT_EQ(number(completed.at("rows_committed")), 3);
    EXPECT_EQ(number(completed.at("rows_read")), 3);
    EXPECT_EQ(completed.at("strategy"), "staging_attach");
    EXPECT_EQ(completed.at("atomic"), true);
    EXPECT_EQ(completed.at("source").at("path"), "a.csv");
    EXPECT_EQ(completed.at("target").at("table"), "a");
    EXPECT_TRUE(completed.at("started").is_string());
    EXPECT_TRUE(completed.at("finished").is_string());
    EXPECT_FALSE(completed.contains("revision"));
    // One by one, and their (finished) event streams, from the records of the earlier run.
    EXPECT_EQ(parse(get("/api/jobs/" + first).body).at("status"), "completed");
    EXPECT_NE(get("/api/jobs/" + second + "/events").body.find("event: done"), std::string::npos);
    EXPECT_EQ(parse(del("/api/jobs/" + first).body).at("status"), "completed");
    // Ferry's own folder is hidden from the file list.
    EXPECT_EQ(get("/api/files").body.find(".ferry"), std::string::npos);
}

TEST_F(ApiJobHistory, ReportsFailedImportsHonestly) {
    query("CREATE TABLE nums (n UInt8) ENGINE = MergeTree ORDER BY n");
    std::string csv = "n\n";
    for (int i = 0; i < 1000; ++i) {
        csv += std::to_string(i % 200) + "\n";
    }
    csv += "not a number\n7\n";
    write_file(data_dir_ / "bad.csv", csv);
    const auto id = submit(import_body("bad.csv", "nums"));
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_EQ(number(job.at("rows_committed")), 0);
    EXPECT_EQ(number(job.at("rows_read")), 1000);
    EXPECT_EQ(number(job.at("error").at("line")), 1002);
    EXPECT_EQ(job.at("error").at("file"), "bad.csv");
    const std::string message(job.at("error").at("message").as_string());
    EXPECT_TRUE(message.starts_with("0 rows loaded; stopped at line 1002: ")) << message;
    EXPECT_NE(message.find("not a number"), std::string::npos) << message;
    EXPECT_EQ(query("SELECT count() FROM nums"), "0\n");
}

TEST_F(ApiJobHistory, RefusesToLoadTheSameFileTwiceUnlessAskedAgain) {
    query("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "people.csv", "id,name\n1,ann\n2,bob\n3,cy\n");
    const auto first = submit(import_body("people.csv", "people"));
    ASSERT_EQ(parse(wait_for_job(first)).at("status"), "completed");

    const auto again = post("/api/jobs", import_body("people.csv", "people"));
    ASSERT_EQ(again.status, 409) << again.body;
    const auto error = parse(again.body).at("error").as_object();
    EXPECT_EQ(error.at("kind"), "conflict");
    const std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("people.csv was already loaded into `people` at "), std::string::npos) << message;
    EXPECT_NE(message.find("(3 rows, job " + first.substr(0, 8) + ")"), std::string::npos) << message;
    EXPECT_NE(message.find("\"again\": true"), std::string::npos) << message;
    EXPECT_EQ(text(error.at("previous_job").at("id")), first);
    EXPECT_EQ(query("SELECT count() FROM people"), "3\n");

    // Still refused after a restart: the guard reads the records.
    restart();
    EXPECT_EQ(post("/api/jobs", import_body("people.csv", "people")).status, 409);

    // Another table, or the file changed, is a different load.
    query("CREATE TABLE people2 AS people");
    const auto other = submit(import_body("people.csv", "people2"));
    EXPECT_EQ(parse(wait_for_job(other)).at("status"), "completed");

    // Asked for explicitly, it loads again.
    const auto twice = submit(import_body("people.csv", "people", R"(, "again": true)"));
    EXPECT_EQ(parse(wait_for_job(twice)).at("status"), "completed");
    EXPECT_EQ(query("SELECT count() FROM people"), "6\n");

    write_file(data_dir_ / "people.csv", "id,name\n4,dee\n5,eve\n6,fay\n"); // same size, new content
    const auto changed = submit(import_body("people.csv", "people"));
    EXPECT_EQ(parse(wait_for_job(changed)).at("status"), "completed");
    EXPECT_EQ(query("SELECT count() FROM people"), "9\n");

    // A failed load does not count as loaded.
    query("CREATE TABLE small (id UInt8, name String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "big_ids.csv", "id,name\n1000,x\n");
    const auto failed = submit(import_body("big_ids.csv", "small"));
    EXPECT_EQ(parse(wait_for_job(failed)).at("status"), "failed");
    EXPECT_EQ(post("/api/jobs", import_body("big_ids.csv", "small")).status, 201);
}

TEST_F(ApiJobHistory, AReplaceOfAFileAlreadyLoadedIsNoConflictButAnAppendAfterItIs) {
    query("CREATE TABLE snap (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "snap.csv", "id,name\n1,ann\n2,bob\n3,cy\n");
    const auto replace_body = R"({"source": {"kind": "file", "path": "snap.csv"}, "target": )" +
                              table_endpoint("snap", R"(, "mode": "replace")") + "}";
    const auto first = submit(import_body("snap.csv", "snap"));
    ASSERT_EQ(parse(wait_for_job(first)).at("status"), "completed");
    // Replacing the table's rows by the same file again cannot duplicate anything: no question asked.
    const auto replaced = submit(replace_body);
    ASSERT_EQ(parse(wait_for_job(replaced)).at("status"), "completed");
    EXPECT_EQ(query("SELECT count(), sum(id) FROM snap"), "3\t6\n");
    // Appending it once more would: still refused.
    EXPECT_EQ(post("/api/jobs", import_body("snap.csv", "snap")).status, 409);
}

TEST_F(ApiJobHistory, KeepsSecretsOutOfTheRecordsOnDisk) {
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "t.csv", "id\n1\n");
    const auto with_password = submit(R"({"source": {"kind": "file", "path": "t.csv"}, "target": )" +
                                      table_endpoint("t", "", connection_json("ferry", "ferry-secret")) + "}");
    EXPECT_EQ(parse(wait_for_job(with_password)).at("status"), "completed");
    const auto with_token = submit(
        R"({"source": {"kind": "file", "path": "t.csv"}, "again": true, "target": {"kind": "clickhouse",
            "connection": {"host": "127.0.0.1", "port": 1, "jwt": "eyJhbGciOi.secret-payload.sig"}, "table": "t"}})");
    EXPECT_EQ(parse(wait_for_job(with_token)).at("status"), "failed");
    const auto wrong = submit(R"({"source": {"kind": "file", "path": "t.csv"}, "again": true, "target": )" +
                              table_endpoint("t", "", connection_json("ferry", "wrong-pass-31337")) + "}");
    EXPECT_EQ(parse(wait_for_job(wrong)).at("error").at("kind"), "auth");

    const auto records = all_records();
    EXPECT_NE(records.find(with_password), std::string::npos);
    EXPECT_NE(records.find("\"user\":\"ferry\""), std::string::npos) << records;
    for (const char* secret : {"ferry-secret", "eyJhbGciOi", "secret-payload", "wrong-pass-31337", "\"password\"",
                               "\"jwt\""}) {
        EXPECT_EQ(records.find(secret), std::string::npos) << secret << " in " << records;
    }
}

TEST_F(ApiJobHistory, CancelledImportCommitsNothing) {
    query("CREATE TABLE t (n UInt64, s String) ENGINE = MergeTree ORDER BY n");
    {
        std::ofstream out(data_dir_ / "big.csv", std::ios::binary);
        out << "n,s\n";
        for (int i = 0; i < 3'000'000; ++i) {
            out << i << ",row number " << i << "\n";
        }
    }
    const auto id = submit(import_body("big.csv", "t"));
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (number(parse(get("/api/jobs/" + id).body).at("rows_read")) == 0) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the import never started";
        std::this_thread::sleep_for(5ms);
    }
    const auto cancelled = parse(del("/api/jobs/" + id).body);
    if (cancelled.at("status") == "completed") {
        GTEST_SKIP() << "the import finished before it could be cancelled";
    }
    ASSERT_EQ(cancelled.at("status"), "cancelled") << json::serialize(cancelled);
    EXPECT_EQ(number(cancelled.at("rows_committed")), 0);
    EXPECT_GT(number(cancelled.at("rows_read")), 0);
    EXPECT_EQ(query("SELECT count() FROM t"), "0\n");
    // A cancelled load does not block loading the file.
    EXPECT_EQ(post("/api/jobs", import_body("big.csv", "t")).status, 201);
}

TEST_F(ApiJobHistory, MarksAJobThatWasRunningWhenTheServerDiedAsInterrupted) {
    query("CREATE TABLE t (n UInt64, s String) ENGINE = MergeTree ORDER BY n");
    {
        std::ofstream out(data_dir_ / "big.csv", std::ios::binary);
        out << "n,s\n";
        for (int i = 0; i < 4'000'000; ++i) {
            out << i << ",row number " << i << "\n";
        }
    }
    // A real `ferry serve` process on the same data directory, killed with SIGKILL mid-job.
    server_.reset();
    const auto log = scratch("serve.log");
    const auto started = run_command(std::string(FERRY_BINARY) + " serve --listen 127.0.0.1:0 --data-dir " +
                                     shell_quote(data_dir_.string()) + " >" + shell_quote(log.string()) +
                                     " 2>&1 & echo $!");
    const pid_t pid = std::stoi(started.out);
    std::string url;
    for (int i = 0; i < 200 && url.empty(); ++i) {
        std::this_thread::sleep_for(50ms);
        const auto text = read_file(log);
        if (const auto at = text.find("http://"); at != std::string::npos && text.find('\n', at) != std::string::npos) {
            url = text.substr(at, text.find('\n', at) - at);
        }
    }
    ASSERT_FALSE(url.empty()) << read_file(log);
    const auto submitted =
        http(url, HttpCall{"POST", "/api/jobs", import_body("big.csv", "t"), {"Content-Type: application/json"}});
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    const std::string id(parse(submitted.body).at("id").as_string());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    json::object job;
    do {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the import never started";
        std::this_thread::sleep_for(5ms);
        job = parse(http(url, HttpCall{"GET", "/api/jobs/" + id, "", {}}).body);
    } while (number(job.at("rows_read")) == 0 && job.at("status") != "completed");
    ::kill(pid, SIGKILL);
    if (job.at("status") == "completed") {
        GTEST_SKIP() << "the import finished before the server could be killed";
    }
    for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) {
        std::this_thread::sleep_for(20ms);
    }

    start_server();
    const auto after = parse(get("/api/jobs/" + id).body);
    EXPECT_EQ(after.at("status"), "interrupted") << json::serialize(after);
    EXPECT_EQ(after.at("phase"), "Interrupted");
    EXPECT_EQ(number(after.at("rows_committed")), 0);
    EXPECT_NE(after.at("error").at("message").as_string().find("0 rows loaded"), std::string::npos)
        << json::serialize(after);
    EXPECT_EQ(parse(read_file(record_path(id))).at("status"), "interrupted");
    EXPECT_EQ(query("SELECT count() FROM t"), "0\n");
    // Interrupted is not loaded: the file may be loaded again without "again".
    const auto retry = submit(import_body("big.csv", "t"));
    const auto done = parse(wait_for_job(retry));
    EXPECT_EQ(done.at("status"), "completed") << json::serialize(done);
    EXPECT_EQ(query("SELECT count() FROM t"), "4000000\n");
    EXPECT_EQ(text(jobs()[0].at("id")), retry);
}

} // namespace
} // namespace ferry::test
