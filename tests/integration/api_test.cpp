/// The API's catalog, file, preview and static routes, and its error handling, against a real ClickHouse.

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

json::object parse(const std::string& body) {
    const auto value = json::parse(body);
    return value.as_object();
}

std::string error_kind(const HttpResult& result) {
    return std::string(parse(result.body).at("error").at("kind").as_string());
}

class ApiRoutes : public ApiTest {};

TEST_F(ApiRoutes, ListsTables) {
    query("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO people VALUES (1, 'a'), (2, 'b')");
    query("CREATE TABLE empty_log (x UInt8) ENGINE = Log");

    const auto result = post("/api/clickhouse/tables", R"({"connection": )" + connection_json() + "}");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(result.headers.at("content-type"), "application/json");
    const auto tables = parse(result.body).at("tables").as_array();
    ASSERT_EQ(tables.size(), 2u) << result.body;
    EXPECT_EQ(tables[0].at("name"), "empty_log");
    EXPECT_EQ(tables[1].at("name"), "people");
    EXPECT_EQ(tables[1].at("engine"), "MergeTree");
    EXPECT_EQ(tables[1].at("rows").to_number<std::int64_t>(), 2);
}

TEST_F(ApiRoutes, ListsColumns) {
    query("CREATE TABLE people (id UInt32, name Nullable(String)) ENGINE = MergeTree ORDER BY id");
    const auto result =
        post("/api/clickhouse/columns", R"({"connection": )" + connection_json() + R"(, "table": "people"})");
    ASSERT_EQ(result.status, 200) << result.body;
    const auto expected = json::parse(R"json({"columns": [{"name": "id", "type": "UInt32"},
                                                         {"name": "name", "type": "Nullable(String)"}]})json");
    EXPECT_EQ(parse(result.body), expected);

    const auto missing =
        post("/api/clickhouse/columns", R"({"connection": )" + connection_json() + R"(, "table": "nope"})");
    EXPECT_EQ(missing.status, 422) << missing.body;
    EXPECT_EQ(error_kind(missing), "query");
    EXPECT_NE(missing.body.find("nope"), std::string::npos);
}

TEST_F(ApiRoutes, MapsConnectionAndAuthFailures) {
    const auto refused = post("/api/clickhouse/tables",
                              R"({"connection": {"host": "127.0.0.1", "port": 1, "database": "default"}})");
    EXPECT_EQ(refused.status, 502) << refused.body;
    EXPECT_EQ(error_kind(refused), "connection");

    const auto denied = post("/api/clickhouse/tables",
                             R"({"connection": )" + connection_json("ferry", "not-the-password-42") + "}");
    EXPECT_EQ(denied.status, 401) << denied.body;
    EXPECT_EQ(error_kind(denied), "auth");
    EXPECT_EQ(denied.body.find("not-the-password-42"), std::string::npos);
}

TEST_F(ApiRoutes, InfersAFileSchema) {
    write_file(data_dir_ / "prices.csv", "id,name,price\n1,apple,1.5\n2,pear,2\n");
    const auto result = post("/api/file/schema", R"({"file": {"path": "prices.csv"}})");
    ASSERT_EQ(result.status, 200) << result.body;
    const auto body = parse(result.body);
    EXPECT_EQ(body.at("columns"), json::parse(R"([{"name": "id", "type": "Int64"},
                                                  {"name": "name", "type": "String"},
                                                  {"name": "price", "type": "Float64"}])"));
    const auto dialect = json::parse(R"({"delimiter": ",", "quote": "\"", "header": true, "skip_lines": 0,
                                         "encoding": "utf-8", "decimal_comma": false, "escape": null, "comment": null,
                                         "confidence": 1.0})");
    EXPECT_EQ(body.at("dialect"), dialect);
    EXPECT_EQ(body.at("detected"), dialect);
    EXPECT_TRUE(body.at("warning").is_null());
    EXPECT_EQ(body.at("bad_rows"), json::array());

    write_file(data_dir_ / "plain.tsv", "1\tx\n");
    const auto tsv = post("/api/file/schema", R"({"file": {"path": "plain.tsv", "header": false}})");
    ASSERT_EQ(tsv.status, 200) << tsv.body;
    EXPECT_EQ(parse(tsv.body).at("columns").as_array().size(), 2u);

    const auto missing = post("/api/file/schema", R"({"file": {"path": "missing.csv"}})");
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(error_kind(missing), "file");
}

TEST_F(ApiRoutes, PreviewsAFile) {
    write_file(data_dir_ / "p.csv", "a,b,c\n1,x,10\n2,y,20\n3,z,30\n");
    const auto result =
        post("/api/preview", R"({"source": {"kind": "file", "path": "p.csv", "delimiter": ","},
                                 "columns": ["c", "a"], "limit": 2})");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(parse(result.body),
              json::parse(R"({"columns": ["c", "a"], "rows": [["10", "1"], ["20", "2"]], "bad_rows": []})"));

    const auto all = post("/api/preview", R"({"source": {"kind": "file", "path": "p.csv"}})");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(parse(all.body).at("rows").as_array().size(), 3u);
}

TEST_F(ApiRoutes, PreviewsATableWithNulls) {
    query("CREATE TABLE t (id UInt32, name Nullable(String)) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'c')");
    const auto result = post("/api/preview", R"({"source": {"kind": "clickhouse", "connection": )" +
                                                 connection_json() + R"(, "table": "t"}, "limit": 2})");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(parse(result.body),
              json::parse(R"x({"columns": ["id", "name"], "rows": [["1", "a"], ["2", null]], "bad_rows": [],
                               "types": ["UInt32", "Nullable(String)"]})x"));
}

TEST_F(ApiRoutes, PreviewsAJoin) {
    query("CREATE TABLE customers (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    query(
        "CREATE TABLE orders (id UInt32, customer_id UInt32, amount UInt32) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')");
    query("INSERT INTO orders VALUES (10, 1, 5), (11, 2, 7), (12, 1, 9)");
    const auto result = post("/api/preview", R"({"source": {"kind": "clickhouse", "connection": )" +
                                                 connection_json() + R"(, "table": "orders",
        "join": [{"table": "customers", "type": "INNER", "on": [["orders.customer_id", "customers.id"]]}]},
        "columns": ["orders.id", "customers.name", "orders.amount"]})");
    ASSERT_EQ(result.status, 200) << result.body;
    const auto body = parse(result.body);
    EXPECT_EQ(body.at("columns").as_array().size(), 3u);
    auto rows = body.at("rows").as_array();
    ASSERT_EQ(rows.size(), 3u);
    std::vector<std::string> lines;
    for (const auto& row : rows) {
        lines.push_back(json::serialize(row));
    }
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<std::string>{R"(["10","ann","5"])", R"(["11","bob","7"])",
                                               R"(["12","ann","9"])"}));
    EXPECT_EQ(json::serialize(body.at("types")), R"(["UInt32","String","UInt32"])");
    // The row-count hint: three rows, and customers' key is unique.
    EXPECT_EQ(json::serialize(body.at("join_hint")),
              R"({"rows":3,"fan_out":[],"note":null,"text":"The join returns 3 rows."})");

    // A LEFT join of customers to their orders: ann has two (a fan-out), and a customer without orders
    // gets NULL with SQL semantics, 0 with ClickHouse's.
    query("INSERT INTO customers VALUES (3, 'cy')");
    for (const auto& [defaults, cy] : std::vector<std::pair<std::string, std::string>>{
             {"sql", R"(["cy",null])"}, {"clickhouse", R"(["cy","0"])"}}) {
        const auto left = post("/api/preview", R"({"source": {"kind": "clickhouse", "connection": )" +
                                                   connection_json() + R"(, "table": "customers", "join_defaults": ")" +
                                                   defaults + R"(",
            "join": [{"table": "orders", "type": "LEFT", "on": [["customers.id", "orders.customer_id"]]}]},
            "columns": ["customers.name", "orders.amount"]})");
        ASSERT_EQ(left.status, 200) << left.body;
        const auto answer = parse(left.body);
        EXPECT_NE(json::serialize(answer.at("rows")).find(cy), std::string::npos) << left.body;
        EXPECT_EQ(json::serialize(answer.at("types")),
                  defaults == "sql" ? R"x(["String","Nullable(UInt32)"])x" : R"(["String","UInt32"])");
        EXPECT_EQ(json::serialize(answer.at("join_hint").at("fan_out")),
                  R"([{"table":"orders","keys":["customer_id"],"max_rows_per_key":2}])");
    }
    const auto bad = post("/api/preview", R"({"source": {"kind": "clickhouse", "connection": )" + connection_json() +
                                              R"(, "table": "customers", "join_defaults": "nulls",
            "join": [{"table": "orders", "type": "LEFT", "on": [["customers.id", "orders.customer_id"]]}]}})");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("join_defaults"), std::string::npos) << bad.body;
}

TEST_F(ApiRoutes, UploadsListsAndDownloadsFiles) {
    std::string bytes(3 * 1024 * 1024 + 17, '\0');
    std::mt19937 random(42);
    for (auto& c : bytes) {
        c = static_cast<char>(random());
    }
    const auto upload = call(HttpCall{"POST", "/api/files?name=up%20load.bin", bytes, {}});
    ASSERT_EQ(upload.status, 201) << upload.body << upload.error;
    EXPECT_EQ(parse(upload.body).at("size").to_number<std::int64_t>(),
              static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(read_file(data_dir_ / "up load.bin"), bytes);

    const auto listing = get("/api/files");
    ASSERT_EQ(listing.status, 200);
    const auto files = parse(listing.body).at("files").as_array();
    ASSERT_EQ(files.size(), 1u) << listing.body;
    EXPECT_EQ(files[0].at("name"), "up load.bin");
    EXPECT_EQ(files[0].at("size").to_number<std::int64_t>(), static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(files[0].at("modified").as_string().size(), 20u); // 2024-05-01T12:00:00Z

    const auto download = get("/api/files/up%20load.bin");
    ASSERT_EQ(download.status, 200);
    EXPECT_EQ(download.body.size(), bytes.size());
    EXPECT_TRUE(download.body == bytes);
    EXPECT_NE(download.headers.at("content-disposition").find("attachment"), std::string::npos);

    // An existing name is refused unless replacing is asked for; no temporary files stay behind.
    const auto clash = call(HttpCall{"POST", "/api/files?name=up%20load.bin", "small", {}});
    EXPECT_EQ(clash.status, 409) << clash.body;
    EXPECT_EQ(parse(clash.body).at("error").at("kind"), "conflict");
    EXPECT_NE(parse(clash.body).at("error").at("message").as_string().find("'up load.bin' already exists"),
              std::string::npos)
        << clash.body;
    EXPECT_EQ(get("/api/files/up%20load.bin").body.size(), bytes.size());
    ASSERT_EQ(call(HttpCall{"POST", "/api/files?name=up%20load.bin&replace=1", "small", {}}).status, 201);
    EXPECT_EQ(get("/api/files/up%20load.bin").body, "small");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(data_dir_)) {
        ++entries;
    }
    EXPECT_EQ(entries, 1u);

    const auto empty = call(HttpCall{"POST", "/api/files?name=empty.csv", "", {}});
    EXPECT_EQ(empty.status, 201) << empty.body;
    EXPECT_EQ(fs::file_size(data_dir_ / "empty.csv"), 0u);
    EXPECT_EQ(get("/api/files/empty.csv").body, "");

    EXPECT_EQ(get("/api/files/missing.csv").status, 404);
    EXPECT_EQ(call(HttpCall{"POST", "/api/files", "x", {}}).status, 400);
}

TEST_F(ApiRoutes, ServesTheWebApp) {
    auto result = get("/");
    ASSERT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "<!doctype html><title>Ferry</title>");
    EXPECT_EQ(result.headers.at("content-type"), "text/html; charset=utf-8");

    result = get("/assets/app.js");
    ASSERT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "console.log('ferry')");
    EXPECT_EQ(result.headers.at("content-type"), "text/javascript; charset=utf-8");

    result = get("/transfer/settings");
    ASSERT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "<!doctype html><title>Ferry</title>");

    EXPECT_EQ(get("/assets/missing.js").status, 404);

    result = call(HttpCall{"HEAD", "/", "", {}});
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.headers.at("content-length"), "35");
}

TEST_F(ApiRoutes, AnswersBadRequestsWithJsonErrors) {
    auto result = get("/api/nothing");
    EXPECT_EQ(result.status, 404);
    EXPECT_EQ(error_kind(result), "usage");

    result = call(HttpCall{"PUT", "/api/jobs", "{}", {}});
    EXPECT_EQ(result.status, 405);
    EXPECT_EQ(result.headers.at("allow"), "POST, GET");
    result = get("/api/preview");
    EXPECT_EQ(result.status, 405);

    result = post("/api/preview", "{\"source\": ");
    EXPECT_EQ(result.status, 400);
    EXPECT_NE(parse(result.body).at("error").at("message").as_string().find("malformed JSON"),
              std::string::npos);

    result = post("/api/preview", R"({"source": {"kind": "file"}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_NE(result.body.find("source.path"), std::string::npos);

    const std::string big = R"({"connection": {"host": ")" + std::string(2 * 1024 * 1024, 'x') + R"("}})";
    result = post("/api/clickhouse/tables", big);
    EXPECT_EQ(result.status, 413) << result.error;

    // The server still answers after all that.
    EXPECT_EQ(get("/api/files").status, 200);
}

/// The real binary: `ferry serve` prints where it serves, answers, and stops cleanly on SIGINT.
TEST(ApiServe, ServesUntilInterrupted) {
    const auto dir = fs::temp_directory_path() / ("ferry_serve_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    std::ofstream(dir / "hello.csv") << "a\n1\n";
    const auto out = dir / "out.txt";
    const std::string script =
        std::string(FERRY_BINARY) + " serve --listen 127.0.0.1:0 --data-dir " + shell_quote(dir.string()) +
        " --web-dir '' >" + shell_quote(out.string()) + " 2>&1 & pid=$!; " +
        "for i in $(seq 100); do grep -q 'serving on' " + shell_quote(out.string()) +
        " && break; sleep 0.1; done; " + "url=$(sed -n 's/^Ferry is serving on //p' " +
        shell_quote(out.string()) + "); " +
        "curl -s --noproxy '*' \"$url/api/files\"; echo; kill -INT $pid; wait $pid; echo \"exit=$?\"";
    const auto result = run_command(script);
    const auto log = [&] {
        std::ifstream in(out);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    EXPECT_NE(log.find("Ferry is serving on http://127.0.0.1:"), std::string::npos) << log;
    EXPECT_NE(result.out.find(R"({"files":[{"name":"hello.csv","size":4,)"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("exit=0"), std::string::npos) << result.out << log;
    fs::remove_all(dir);
}

} // namespace
} // namespace ferry::test

namespace ferry::test {
namespace {

TEST_F(ApiRoutes, SniffsTheFileDialectAndWarnsWhenTheChoiceDisagrees) {
    write_file(data_dir_ / "semi.csv", "id;name;price\n1;Apple;1,50\n2;Pear;2,25\n3;Fig;0,99\n4;Kiwi\n");
    // No dialect given: the detected one is used.
    auto result = post("/api/file/schema", R"({"file": {"path": "semi.csv"}})");
    ASSERT_EQ(result.status, 200) << result.body;
    auto body = boost::json::parse(result.body).as_object();
    EXPECT_EQ(body.at("dialect").at("delimiter"), ";");
    EXPECT_EQ(body.at("dialect").at("decimal_comma"), true);
    EXPECT_EQ(body.at("columns").at(2).at("type"), "Decimal(18, 2)");
    EXPECT_EQ(body.at("columns").at(2).at("format"), "decimal-comma");
    EXPECT_TRUE(body.at("warning").is_null());
    // The short row is reported, not fatal.
    EXPECT_EQ(body.at("bad_rows"), boost::json::parse(R"([{"line": 5, "reason": "expected 3 fields, found 2"}])"));

    // The user's comma wins, and the answer says what the file looks like.
    result = post("/api/file/schema", R"({"file": {"path": "semi.csv", "delimiter": ",", "header": true}})");
    ASSERT_EQ(result.status, 200) << result.body;
    body = boost::json::parse(result.body).as_object();
    EXPECT_EQ(body.at("dialect").at("delimiter"), ",");
    EXPECT_EQ(body.at("detected").at("delimiter"), ";");
    EXPECT_EQ(body.at("warning"), "This file looks semicolon-delimited - use that?");
    EXPECT_EQ(body.at("columns").at(0).at("name"), "id;name;price");

    const auto bad = post("/api/file/schema", R"({"file": {"path": "semi.csv", "encoding": "ebcdic"}})");
    EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(ApiRoutes, PreviewOfASniffedUtf16File) {
    const std::string utf16("\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\xE9\0\r\0\n\0", 22);
    write_file(data_dir_ / "excel.txt", utf16);
    const auto result = post("/api/preview", R"({"source": {"kind": "file", "path": "excel.txt"}})");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(boost::json::parse(result.body), boost::json::parse(R"({"columns": ["a", "b"], "rows": [["1", "é"]], "bad_rows": []})"));
}

} // namespace
} // namespace ferry::test
