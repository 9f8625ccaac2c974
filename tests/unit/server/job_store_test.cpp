#include "server/job_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "common/error.h"
#include "server/rerun_guard.h"

namespace ferry::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::string kId1 = "0123456789abcdef0123456789abcdef";
const std::string kId2 = "fedcba9876543210fedcba9876543210";

json::object record(const std::string& id, const std::string& status, std::uint64_t revision,
                    const std::string& created = "2024-05-01T12:00:00.000Z") {
    return json::object{{"id", id},          {"kind", "import"},     {"status", status},
                        {"phase", "Ingesting"}, {"rows_read", 10},   {"rows_committed", 0},
                        {"atomic", true},    {"created", created}, {"revision", revision}};
}

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class JobStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ferry_job_store_" + std::to_string(std::random_device{}())) / "jobs";
    }
    void TearDown() override { fs::remove_all(dir_.parent_path()); }
    fs::path dir_;
};

TEST_F(JobStoreTest, KeepsRecordsOnDiskNewestFirst) {
    {
        JobStore store(dir_);
        EXPECT_FALSE(fs::exists(dir_)); // nothing written yet
        store.put(record(kId1, "completed", 1, "2024-05-01T12:00:00.100Z"));
        store.put(record(kId2, "failed", 2, "2024-05-01T12:00:00.200Z"));
    }
    JobStore store(dir_);
    const auto all = store.list();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].at("id"), kId2.c_str());
    EXPECT_EQ(all[1].at("id"), kId1.c_str());
    EXPECT_EQ(store.get(kId1)->at("status"), "completed");
    EXPECT_FALSE(store.get("00"));
    EXPECT_TRUE(fs::is_regular_file(dir_ / (kId1 + ".json")));
}

TEST_F(JobStoreTest, AnOlderSnapshotNeverOverwritesANewerOne) {
    JobStore store(dir_);
    store.put(record(kId1, "completed", 5));
    store.put(record(kId1, "running", 4));
    EXPECT_EQ(store.get(kId1)->at("status"), "completed");
    EXPECT_NE(read(dir_ / (kId1 + ".json")).find("completed"), std::string::npos);
}

TEST_F(JobStoreTest, MarksJobsThatWereRunningAsInterrupted) {
    {
        JobStore store(dir_);
        store.put(record(kId1, "running", 1));
        store.put(record(kId2, "completed", 2));
    }
    JobStore store(dir_);
    const auto job = *store.get(kId1);
    EXPECT_EQ(job.at("status"), "interrupted");
    EXPECT_EQ(job.at("phase"), "Interrupted");
    EXPECT_EQ(job.at("rows_committed").to_number<int>(), 0);
    EXPECT_EQ(job.at("error").at("message"),
              "ferry serve stopped while this job was running; 0 rows loaded (the import is all-or-nothing: "
              "the table is as it was)");
    EXPECT_NE(read(dir_ / (kId1 + ".json")).find("interrupted"), std::string::npos);
    EXPECT_EQ(store.get(kId2)->at("status"), "completed");
}

TEST_F(JobStoreTest, SkipsFilesThatAreNotRecords) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / (kId1 + ".json")) << "{not json";
    std::ofstream(dir_ / (kId2 + ".json")) << R"({"id": "0000"})"; // id does not match the name
    std::ofstream(dir_ / ".tmp.json") << "{}";
    JobStore store(dir_);
    EXPECT_TRUE(store.list().empty());
    EXPECT_THROW(store.put(json::object{{"id", "../escape"}}), Error);
}

TEST_F(JobStoreTest, DropsTheOldestFinishedRecordsBeyondTheLimit) {
    JobStore store(dir_, 2);
    store.put(record("01", "running", 1, "2024-01-01T00:00:00.000Z"));
    store.put(record("02", "completed", 2, "2024-01-02T00:00:00.000Z"));
    store.put(record("03", "completed", 3, "2024-01-03T00:00:00.000Z"));
    EXPECT_TRUE(store.get("01"));
    EXPECT_FALSE(store.get("02"));
    EXPECT_FALSE(fs::exists(dir_ / "02.json"));
    EXPECT_TRUE(store.get("03"));
}

TEST(RerunGuard, FindsACompletedLoadOfTheSameFileIntoTheSameTable) {
    pipeline::ImportRequest request;
    request.connection.host = "127.0.0.1";
    request.connection.port = 8123;
    request.connection.database = "shop";
    request.table = "people";
    const pipeline::FileFingerprint fingerprint{44, 1714564800123456789, "0011223344556677"};
    auto previous = json::object{
        {"id", kId1},
        {"kind", "import"},
        {"status", "completed"},
        {"rows_committed", 200000},
        {"finished", "2024-05-01T12:03:04.567Z"},
        {"source",
         json::object{{"path", "people.csv"},
                      {"fingerprint", json::object{{"size", 44}, {"mtime_ns", 1714564800123456789}, {"digest", "0011223344556677"}}}}},
        {"target", json::object{{"table", "people"},
                                {"connection", json::object{{"host", "127.0.0.1"}, {"port", 8123}, {"database", "shop"}}}}}};
    const auto found = find_previous_load({previous}, request, {fingerprint});
    ASSERT_TRUE(found);
    EXPECT_EQ(previous_load_message(*found),
              "people.csv was already loaded into `people` at 2024-05-01 12:03:04 UTC (200,000 rows, job "
              "01234567); to load it again, send \"again\": true");

    auto other_table = request;
    other_table.table = "people2";
    EXPECT_FALSE(find_previous_load({previous}, other_table, {fingerprint}));
    auto other_database = request;
    other_database.connection.database = "default";
    EXPECT_FALSE(find_previous_load({previous}, other_database, {fingerprint}));
    auto edited = fingerprint;
    edited.modified_ns += 1;
    EXPECT_FALSE(find_previous_load({previous}, request, {edited}));
    previous["status"] = "failed";
    EXPECT_FALSE(find_previous_load({previous}, request, {fingerprint}));
    previous["status"] = "running";
    EXPECT_TRUE(find_previous_load({previous}, request, {fingerprint}));

    // A replace cannot load the file twice after a completed load, but may not race a running one.
    auto replace = request;
    replace.mode = pipeline::LoadMode::Replace;
    EXPECT_TRUE(find_previous_load({previous}, replace, {fingerprint}));
    previous["status"] = "completed";
    EXPECT_FALSE(find_previous_load({previous}, replace, {fingerprint}));
}

TEST(RerunGuard, AMultiFileImportIsARerunOnlyWithTheSameSetOfFiles) {
    pipeline::ImportRequest request;
    request.connection.host = "127.0.0.1";
    request.connection.port = 8123;
    request.connection.database = "shop";
    request.table = "logs";
    const pipeline::FileFingerprint a{10, 1, "00000000000000aa"};
    const pipeline::FileFingerprint b{20, 2, "00000000000000bb"};
    const pipeline::FileFingerprint c{30, 3, "00000000000000cc"};
    const auto fingerprint_json = [](const pipeline::FileFingerprint& f) {
        return json::object{{"size", f.size}, {"mtime_ns", f.modified_ns}, {"digest", f.digest}};
    };
    const auto previous = json::object{
        {"id", kId1},
        {"kind", "import"},
        {"status", "completed"},
        {"rows_committed", 3000},
        {"finished", "2024-05-01T12:03:04.567Z"},
        {"source", json::object{{"path", "a.csv"},
                                {"paths", json::array{"a.csv", "b.csv", "c.csv", "d.csv"}},
                                {"fingerprint", fingerprint_json(a)},
                                {"fingerprints", json::array{fingerprint_json(a), fingerprint_json(b),
                                                             fingerprint_json(c), fingerprint_json(c)}}}},
        {"target", json::object{{"table", "logs"},
                                {"connection", json::object{{"host", "127.0.0.1"}, {"port", 8123}, {"database", "shop"}}}}}};

    // The same files in another order: a re-run.
    const auto found = find_previous_load({previous}, request, {c, b, a, c});
    ASSERT_TRUE(found);
    EXPECT_EQ(previous_load_message(*found),
              "4 files (a.csv, b.csv, c.csv, ...) were already loaded into `logs` at 2024-05-01 12:03:04 UTC "
              "(3,000 rows, job 01234567); to load them again, send \"again\": true");
    // The first file alone, a subset, a file more, or one file edited: not a re-run.
    EXPECT_FALSE(find_previous_load({previous}, request, {a}));
    EXPECT_FALSE(find_previous_load({previous}, request, {a, b, c}));
    EXPECT_FALSE(find_previous_load({previous}, request, {a, b, c, c, c}));
    auto edited = b;
    edited.digest = "00000000000000bd";
    EXPECT_FALSE(find_previous_load({previous}, request, {a, edited, c, c}));
    EXPECT_FALSE(find_previous_load({previous}, request, {}));
}

} // namespace
} // namespace ferry::server
