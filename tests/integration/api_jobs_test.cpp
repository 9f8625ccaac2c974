/// Jobs through the API: imports and exports read back from ClickHouse and disk, joins, cancellation,
/// server-sent progress, and credentials kept out of everything the API shows.

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <sstream>
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

std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

class ApiJobs : public ApiTest {
protected:
    /// POSTs a job and returns its id.
    std::string submit(const std::string& body) {
        const auto result = post("/api/jobs", body);
        EXPECT_EQ(result.status, 201) << result.body;
        if (result.status != 201) {
            return "";
        }
        return std::string(parse(result.body).at("id").as_string());
    }

    std::string table_endpoint(const std::string& table, const std::string& extra = "") {
        return R"({"kind": "clickhouse", "connection": )" + connection_json() + R"(, "table": ")" + table +
               "\"" + extra + "}";
    }
};

TEST_F(ApiJobs, ImportsAFile) {
    query("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "people.csv", "id,name\n1,alice\n2,bob\n3,\"carol, jr\"\n");
    const auto id =
        submit(R"({"source": {"kind": "file", "path": "people.csv", "delimiter": ",", "header": true},
                               "target": )" +
               table_endpoint("people") + "}");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("phase"), "Completed");
    EXPECT_EQ(job.at("kind"), "import");
    EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), 3);
    EXPECT_EQ(job.at("source").at("path"), "people.csv");
    EXPECT_EQ(job.at("target").at("table"), "people");
    EXPECT_FALSE(job.contains("error"));
    EXPECT_EQ(query("SELECT id, name FROM people ORDER BY id FORMAT TSV"),
              "1\talice\n2\tbob\n3\tcarol, jr\n");
}

TEST_F(ApiJobs, ImportsIntoANewTable) {
    write_file(data_dir_ / "new.tsv", "x\ty\n1\tone\n2\ttwo\n");
    const auto id = submit(R"({"source": {"kind": "file", "path": "new.tsv"},
                               "target": )" +
                           table_endpoint("created", R"(, "create": true)") + "}");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(query("SELECT x, y FROM created ORDER BY x FORMAT TSV"), "1\tone\n2\ttwo\n");
}

TEST_F(ApiJobs, EmptyAndHeaderOnlyFilesAreZeroRowsEverywhereAndCreateRefusesThem) {
    query("CREATE TABLE nums (n UInt8) ENGINE = MergeTree ORDER BY n");
    write_file(data_dir_ / "empty.csv", "");
    write_file(data_dir_ / "header.csv", "n\n");
    for (const std::string file : {"empty.csv", "header.csv"}) {
        const auto schema = post("/api/file/schema", R"({"file": {"path": ")" + file + "\"}}");
        ASSERT_EQ(schema.status, 200) << schema.body;
        const auto preview = post("/api/preview", R"({"source": {"kind": "file", "path": ")" + file + "\"}}");
        ASSERT_EQ(preview.status, 200) << preview.body;
        EXPECT_EQ(parse(preview.body).at("rows").as_array().size(), 0u) << preview.body;
        auto job = parse(wait_for_job(submit(R"({"source": {"kind": "file", "path": ")" + file + R"("}, "target": )" +
                                             table_endpoint("nums", R"(, "on_error": "skip")") + "}")));
        EXPECT_EQ(job.at("status"), "completed") << json::serialize(job);
        EXPECT_EQ(job.at("rows").to_number<int>(), 0);
        EXPECT_EQ(job.at("rows_read").to_number<int>(), 0);
        EXPECT_EQ(job.at("rejected").to_number<int>(), 0);
        job = parse(wait_for_job(submit(R"({"source": {"kind": "file", "path": ")" + file + R"("}, "target": )" +
                                        table_endpoint("fresh", R"(, "create": true)") + "}")));
        EXPECT_EQ(job.at("status"), "failed") << json::serialize(job);
        EXPECT_NE(std::string(job.at("error").at("message").as_string()).find("create the table first"),
                  std::string::npos)
            << json::serialize(job);
    }
    EXPECT_EQ(query("SELECT count() FROM nums FORMAT TSV"), "0\n");
    EXPECT_EQ(query("EXISTS TABLE fresh FORMAT TSV"), "0\n");
}

TEST_F(ApiJobs, ReportsAFailedImport) {
    query("CREATE TABLE nums (n UInt8) ENGINE = MergeTree ORDER BY n");
    write_file(data_dir_ / "bad.csv", "n\n1\nnot a number\n");
    const auto id = submit(R"({"source": {"kind": "file", "path": "bad.csv"}, "target": )" +
                           table_endpoint("nums") + "}");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_EQ(job.at("phase"), "Error");
    EXPECT_EQ(job.at("error").at("kind"), "data");
    EXPECT_FALSE(job.at("error").at("message").as_string().empty());
    EXPECT_EQ(query("SELECT count() FROM nums"), "0\n");
}

TEST_F(ApiJobs, SkipsBadRowsWhenAsked) {
    query("CREATE TABLE nums (n UInt8) ENGINE = MergeTree ORDER BY n");
    write_file(data_dir_ / "some_bad.csv", "n\n1\nnot a number\n3\n");
    const auto id = submit(R"({"source": {"kind": "file", "path": "some_bad.csv"}, "target": )" +
                           table_endpoint("nums", R"(, "on_error": "skip")") + "}");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("rejected").to_number<std::int64_t>(), 1);
    EXPECT_EQ(job.at("target").at("on_error"), "skip");
    EXPECT_EQ(job.at("target").at("rejects"), "some_bad.csv.rejects.csv");
    EXPECT_EQ(query("SELECT n FROM nums ORDER BY n FORMAT TSV"), "1\n3\n");
    EXPECT_NE(read_file(data_dir_ / "some_bad.csv.rejects.csv").find("not a number"), std::string::npos);

    const auto bad = post("/api/jobs", R"({"source": {"kind": "file", "path": "some_bad.csv"}, "target": )" +
                                           table_endpoint("nums", R"(, "on_error": "ignore")") + "}");
    EXPECT_EQ(bad.status, 400);
}

TEST_F(ApiJobs, ExportsATable) {
    query("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t VALUES (1, 'a'), (2, 'b, c'), (3, 'd')");
    const auto id = submit(R"({"source": )" + table_endpoint("t") +
                           R"(, "target": {"kind": "file", "path": "out.csv"}, "columns": ["id", "name"]})");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("kind"), "export");
    EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), 3);
    EXPECT_EQ(read_file(data_dir_ / "out.csv"), "id,name\n1,a\n2,\"b, c\"\n3,d\n");
    EXPECT_EQ(job.at("bytes").to_number<std::int64_t>(),
              static_cast<std::int64_t>(fs::file_size(data_dir_ / "out.csv")));

    // And the file is downloadable.
    EXPECT_EQ(get("/api/files/out.csv").body, "id,name\n1,a\n2,\"b, c\"\n3,d\n");
}

/// The connection's "compression" reaches the transfer; the job says which codec ran and what it moved.
TEST_F(ApiJobs, ReportsTheWireCodecAndBytesOfACompressedExport) {
    query("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t SELECT number, concat('name ', toString(number % 10)) FROM system.numbers LIMIT 20000");
    std::string connection = connection_json();
    connection.insert(connection.size() - 1, R"(, "compression": "gzip")");
    const auto id = submit(R"({"source": {"kind": "clickhouse", "connection": )" + connection +
                           R"(, "table": "t"}, "target": {"kind": "file", "path": "out.csv"}})");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("codec"), "gzip");
    const auto wire = job.at("wire_bytes").to_number<std::int64_t>();
    EXPECT_GT(wire, 0);
    // 20,000 repetitive rows: the compressed body is a fraction of the file.
    EXPECT_LT(wire * 3, static_cast<std::int64_t>(fs::file_size(data_dir_ / "out.csv")));

    connection = connection_json();
    connection.insert(connection.size() - 1, R"(, "compression": "brotli")");
    const auto refused = post("/api/jobs", R"({"source": {"kind": "clickhouse", "connection": )" + connection +
                                               R"(, "table": "t"}, "target": {"kind": "file", "path": "o.csv"}})");
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("must be auto, none, zstd, gzip or lz4, not 'brotli'"), std::string::npos)
        << refused.body;
}

TEST_F(ApiJobs, ExportsAJoin) {
    query("CREATE TABLE customers (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query(
        "CREATE TABLE orders (id UInt32, customer_id UInt32, amount UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')");
    query("INSERT INTO orders VALUES (10, 1, 5), (11, 2, 7), (12, 3, 9)");
    const auto id = submit(R"({"source": )" +
                           table_endpoint("orders", R"(, "join": [{"table": "customers", "type": "LEFT",
                                                        "on": [["orders.customer_id", "customers.id"]]}])") +
                           R"(, "target": {"kind": "file", "path": "joined.tsv"},
                               "columns": ["orders.id", "customers.name", "orders.amount"]})");
    const auto job = parse(wait_for_job(id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("source").at("join").as_array().size(), 1u);
    const auto lines = sorted_lines(read_file(data_dir_ / "joined.tsv"));
    ASSERT_EQ(lines.size(), 4u);
    // LEFT JOIN: order 12 has no customer, so its name is NULL: an empty unquoted field.
    EXPECT_EQ(lines[0], "10\tann\t5");
    EXPECT_EQ(lines[1], "11\tbob\t7");
    EXPECT_EQ(lines[2], "12\t\t9");
    EXPECT_EQ(job.at("source").at("join_defaults"), "sql");
}

TEST_F(ApiJobs, RefusesJobsThatAreNotImportsOrExports) {
    const auto file_to_file =
        post("/api/jobs",
             R"({"source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "file", "path": "b.csv"}})");
    EXPECT_EQ(file_to_file.status, 400);
    const auto table_to_table = post("/api/jobs", R"({"source": )" + table_endpoint("a") + R"(, "target": )" +
                                                      table_endpoint("b") + "}");
    EXPECT_EQ(table_to_table.status, 400);
    const auto missing_input =
        post("/api/jobs",
             R"({"source": {"kind": "file", "path": "none.csv"}, "target": )" + table_endpoint("b") + "}");
    EXPECT_EQ(missing_input.status, 404);
    EXPECT_EQ(get("/api/jobs/0123456789abcdef").status, 404);
    EXPECT_EQ(del("/api/jobs/0123456789abcdef").status, 404);
}

TEST_F(ApiJobs, StreamsProgressEvents) {
    query("CREATE TABLE t (n UInt64, s String) ENGINE = MergeTree ORDER BY n");
    query("INSERT INTO t SELECT number, toString(number) FROM numbers(300000)");
    const auto id =
        submit(R"({"source": )" + table_endpoint("t") + R"(, "target": {"kind": "file", "path": "t.csv"}})");
    const auto events = get("/api/jobs/" + id + "/events");
    ASSERT_EQ(events.status, 200) << events.error;
    EXPECT_EQ(events.headers.at("content-type"), "text/event-stream");
    EXPECT_NE(events.body.find("event: progress\ndata: {"), std::string::npos);
    const auto done = events.body.find("event: done\ndata: ");
    ASSERT_NE(done, std::string::npos) << events.body;
    const auto last = events.body.substr(done + 18, events.body.find('\n', done + 18) - done - 18);
    const auto job = parse(last);
    EXPECT_EQ(job.at("status"), "completed");
    EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), 300000);

    // A stream for a finished job ends at once with the final state.
    const auto again = get("/api/jobs/" + id + "/events");
    EXPECT_NE(again.body.find("event: done"), std::string::npos);
    EXPECT_EQ(get("/api/jobs/nope/events").status, 404);
}

TEST_F(ApiJobs, CancelsABigExportWhileStayingResponsive) {
    query("CREATE VIEW big AS SELECT number AS n, toString(number) AS s FROM system.numbers LIMIT 50000000");
    const auto id = submit(R"({"source": )" + table_endpoint("big") +
                           R"(, "target": {"kind": "file", "path": "big.csv"}})");
    ASSERT_FALSE(id.empty());

    // Follow it by server-sent events meanwhile; other requests must not wait for the stream or the job.
    auto stream = std::async(std::launch::async, [&] { return get("/api/jobs/" + id + "/events"); });
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (parse(get("/api/jobs/" + id).body).at("rows").to_number<std::int64_t>() == 0) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the export never started";
        std::this_thread::sleep_for(20ms);
    }
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        EXPECT_EQ(get("/api/files").status, 200);
        EXPECT_EQ(get("/").status, 200);
        EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    }
    auto job = parse(get("/api/jobs/" + id).body);
    EXPECT_EQ(job.at("status"), "running") << json::serialize(job);

    const auto cancelled = del("/api/jobs/" + id);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    job = parse(cancelled.body);
    EXPECT_EQ(job.at("status"), "cancelled") << cancelled.body;
    EXPECT_EQ(job.at("phase"), "Cancelled");
    EXPECT_LT(job.at("rows").to_number<std::int64_t>(), 50000000);

    const auto events = stream.get();
    EXPECT_NE(events.body.find("event: done"), std::string::npos);
    EXPECT_NE(events.body.find(R"("status":"cancelled")"), std::string::npos);

    EXPECT_FALSE(fs::exists(data_dir_ / "big.csv"));
    EXPECT_EQ(get("/api/files").body, R"({"files":[]})");
    EXPECT_EQ(parse(wait_for_job(id)).at("status"), "cancelled");
}

TEST_F(ApiJobs, KeepsCredentialsOutOfJobs) {
    const std::string password = "ferry-secret"; // the fixture's `ferry` user
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t VALUES (1), (2)");
    const auto source = R"({"kind": "clickhouse", "connection": )" + connection_json("ferry", password) +
                        R"(, "table": "t"})";
    const auto ok = submit(R"({"source": )" + source + R"(, "target": {"kind": "file", "path": "t.csv"}})");
    EXPECT_EQ(parse(wait_for_job(ok)).at("status"), "completed");

    const auto wrong_password = "wrong-password-31337";
    const auto bad_source = R"({"kind": "clickhouse", "connection": )" +
                            connection_json("ferry", wrong_password) + R"(, "table": "t"})";
    const auto failed =
        submit(R"({"source": )" + bad_source + R"(, "target": {"kind": "file", "path": "u.csv"}})");
    const auto failed_job = wait_for_job(failed);
    EXPECT_EQ(parse(failed_job).at("status"), "failed");
    EXPECT_EQ(parse(failed_job).at("error").at("kind"), "auth");

    const auto jwt =
        R"({"kind": "clickhouse", "connection": {"host": "127.0.0.1", "port": 1, "jwt": "eyJ-secret-token"},
                         "table": "t"})";
    wait_for_job(
        submit(R"({"source": )" + std::string(jwt) + R"(, "target": {"kind": "file", "path": "v.csv"}})"));

    const auto listing = get("/api/jobs");
    ASSERT_EQ(listing.status, 200);
    EXPECT_EQ(parse(listing.body).at("jobs").as_array().size(), 3u);
    EXPECT_EQ(listing.body.find(password), std::string::npos) << listing.body;
    EXPECT_EQ(listing.body.find(wrong_password), std::string::npos) << listing.body;
    EXPECT_EQ(listing.body.find("eyJ-secret-token"), std::string::npos) << listing.body;
    EXPECT_EQ(listing.body.find("\"password\""), std::string::npos);
    EXPECT_EQ(listing.body.find("\"jwt\""), std::string::npos);
    EXPECT_EQ(get("/api/jobs/" + ok + "/events").body.find(password), std::string::npos);
    // Newest first: the first job submitted is the last listed.
    const auto all = parse(listing.body);
    const auto& oldest = all.at("jobs").as_array().back();
    EXPECT_EQ(std::string(oldest.at("id").as_string()), ok);
    EXPECT_EQ(oldest.at("source").at("connection").at("user"), "ferry");
}

} // namespace
} // namespace ferry::test
