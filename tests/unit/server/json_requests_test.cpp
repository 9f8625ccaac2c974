#include "server/json_requests.h"

#include <gtest/gtest.h>

#include "server/http_message.h"

namespace ferry::server {
namespace {

/// The message of the HttpError(400) that parsing `body` throws.
template <class Parse> std::string rejection(Parse parse, std::string_view body) {
    try {
        parse(body);
    } catch (const HttpError& error) {
        EXPECT_EQ(error.status(), 400u);
        return error.what();
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Usage);
        return error.what();
    }
    ADD_FAILURE() << "accepted: " << body;
    return "";
}

TEST(JsonRequests, ConnectionDefaults) {
    const auto request = parse_tables_request(R"({"connection": {"host": "ch.example"}})");
    EXPECT_EQ(request.connection.host, "ch.example");
    EXPECT_EQ(request.connection.port, 8123);
    EXPECT_FALSE(request.connection.secure);
    EXPECT_EQ(request.connection.database, "default");
    EXPECT_EQ(request.connection.user, "default");
    EXPECT_EQ(request.connection.password, "");

    const auto secure = parse_tables_request(R"({"connection": {"secure": true, "jwt": "tok"}})");
    EXPECT_EQ(secure.connection.port, 8443);
    EXPECT_EQ(secure.connection.jwt, "tok");
}

TEST(JsonRequests, ConnectionFields) {
    const auto request = parse_columns_request(
        R"({"connection": {"host": "h", "port": "9000", "database": "db", "user": "u", "password": "p"},
            "table": "t"})");
    EXPECT_EQ(request.connection.port, 9000);
    EXPECT_EQ(request.connection.database, "db");
    EXPECT_EQ(request.connection.user, "u");
    EXPECT_EQ(request.connection.password, "p");
    EXPECT_EQ(request.table, "t");
}

TEST(JsonRequests, NamesTheBadField) {
    EXPECT_NE(rejection(parse_tables_request, "{").find("malformed JSON"), std::string::npos);
    EXPECT_NE(rejection(parse_tables_request, "[]").find("JSON object"), std::string::npos);
    EXPECT_NE(rejection(parse_tables_request, "{}").find("'connection' is required"), std::string::npos);
    EXPECT_NE(rejection(parse_tables_request, R"({"connection": {"port": 0}})").find("'connection.port'"),
              std::string::npos);
    EXPECT_NE(rejection(parse_tables_request, R"({"connection": {"port": "x"}})").find("'connection.port'"),
              std::string::npos);
    EXPECT_NE(
        rejection(parse_tables_request, R"({"connection": {"secure": "yes"}})").find("'connection.secure'"),
        std::string::npos);
    EXPECT_NE(rejection(parse_columns_request, R"({"connection": {}})").find("'table' is required"),
              std::string::npos);
    EXPECT_NE(rejection(parse_file_schema_request, R"({"file": {}})").find("'file.path' is required"),
              std::string::npos);
    EXPECT_NE(rejection(parse_preview_request, R"({"source": {"kind": "s3"}})").find("'source.kind'"),
              std::string::npos);
    EXPECT_NE(rejection(parse_preview_request, R"({"source": {"kind": "file", "path": "a"}, "limit": 0})")
                  .find("'limit'"),
              std::string::npos);
    EXPECT_NE(rejection(parse_preview_request, R"({"source": {"kind": "file", "path": "a"}, "columns": [1]})")
                  .find("'columns'"),
              std::string::npos);
}

TEST(JsonRequests, PreviewOfAFile) {
    const auto request = parse_preview_request(
        R"({"source": {"kind": "file", "path": "a.tsv", "delimiter": "tab", "header": false},
            "columns": ["x", "y"], "limit": 5000})");
    const auto& file = std::get<FileEndpoint>(request.source);
    EXPECT_EQ(file.path, "a.tsv");
    EXPECT_EQ(file.delimiter, "tab");
    EXPECT_EQ(file.header, std::optional<bool>(false));
    EXPECT_EQ(request.columns, (std::vector<std::string>{"x", "y"}));
    // Fields left out are left to the sniffer.
    const auto bare = std::get<FileEndpoint>(parse_preview_request(R"({"source": {"kind": "file", "path": "a"}})").source);
    EXPECT_FALSE(bare.header.has_value());
    EXPECT_FALSE(bare.skip_lines.has_value());
    EXPECT_TRUE(bare.encoding.empty());
    const auto full = std::get<FileEndpoint>(
        parse_preview_request(R"({"source": {"kind": "file", "path": "a", "quote": "'", "encoding": "latin-1",
                                             "skip_lines": 2, "decimal_comma": true}})")
            .source);
    EXPECT_EQ(full.quote, "'");
    EXPECT_EQ(full.encoding, "latin-1");
    EXPECT_EQ(full.skip_lines, std::optional<std::size_t>(2));
    EXPECT_EQ(full.decimal_comma, std::optional<bool>(true));
    EXPECT_EQ(request.limit, kMaxPreviewLimit);
    EXPECT_EQ(parse_preview_request(R"({"source": {"kind": "file", "path": "a"}})").limit,
              kDefaultPreviewLimit);
}

TEST(JsonRequests, JobWithAJoin) {
    const auto job = parse_job_body(R"({
        "source": {"kind": "clickhouse", "connection": {"host": "h"}, "table": "orders",
                   "join": [{"table": "customers", "type": "left", "on": [["orders.cid", "customers.id"]]}]},
        "target": {"kind": "file", "path": "out.csv"},
        "columns": ["orders.id", "customers.name"]})");
    const auto& source = std::get<ClickHouseEndpoint>(job.source);
    EXPECT_EQ(source.table, "orders");
    ASSERT_EQ(source.joins.size(), 1u);
    EXPECT_EQ(source.joins[0].table, "customers");
    EXPECT_EQ(source.joins[0].type, clickhouse::JoinType::Left);
    ASSERT_EQ(source.joins[0].on.size(), 1u);
    EXPECT_EQ(source.joins[0].on[0].first.table, "orders");
    EXPECT_EQ(source.joins[0].on[0].first.column, "cid");
    EXPECT_EQ(source.joins[0].on[0].second.column, "id");
    EXPECT_EQ(std::get<FileEndpoint>(job.target).path, "out.csv");
    EXPECT_EQ(job.columns.size(), 2u);
}

TEST(JsonRequests, RejectsBadJoins) {
    const std::string prefix =
        R"({"source": {"kind": "clickhouse", "connection": {}, "table": "a", "join": )";
    const std::string suffix = R"(}, "target": {"kind": "file", "path": "o.csv"}})";
    EXPECT_NE(rejection(parse_job_body, prefix + R"([{"table": "b"}])" + suffix).find("'source.join[0].on'"),
              std::string::npos);
    EXPECT_NE(
        rejection(parse_job_body, prefix + R"([{"table": "b", "on": [["a.x"]]}])" + suffix).find("pairs"),
        std::string::npos);
    rejection(parse_job_body,
              prefix + R"([{"table": "b", "type": "CROSS", "on": [["a.x", "b.y"]]}])" + suffix);
    rejection(parse_job_body, prefix + R"([{"table": "b", "on": [["a.x; DROP", "b.y"]]}])" + suffix);
    // ASOF needs its inequality, and only ASOF takes one.
    EXPECT_NE(rejection(parse_job_body, prefix + R"([{"table": "b", "type": "ASOF", "on": [["a.x", "b.y"]]}])" + suffix)
                  .find("'source.join[0].asof' is required"),
              std::string::npos);
    rejection(parse_job_body,
              prefix + R"([{"table": "b", "on": [["a.x", "b.y"]], "asof": ["a.t", ">=", "b.t"]}])" + suffix);
    rejection(parse_job_body,
              prefix + R"([{"table": "b", "type": "ASOF", "on": [["a.x", "b.y"]], "asof": ["a.t", "<>", "b.t"]}])" +
                  suffix);
    rejection(parse_job_body, prefix + R"([{"table": "b", "type": "FULL SEMI", "on": [["a.x", "b.y"]]}])" + suffix);
    EXPECT_NE(rejection(parse_job_body, R"({"source": {"kind": "clickhouse", "connection": {}, "table": "a",
                 "join_defaults": "NULL", "join": [{"table": "b", "type": "CROSS"}]},
                 "target": {"kind": "file", "path": "o.csv"}})")
                  .find("'source.join_defaults' must be \"sql\" or \"clickhouse\""),
              std::string::npos);
}

TEST(JsonRequests, JoinKindsUsingAsofAndDefaults) {
    const auto job = parse_job_body(R"({
        "source": {"kind": "clickhouse", "connection": {"host": "h"}, "table": "trades", "join_defaults": "clickhouse",
                   "join": [{"table": "prices", "type": "ASOF LEFT", "on": [["trades.sym", "prices.sym"]],
                             "asof": ["trades.ts", ">=", "prices.ts"]},
                            {"table": "notes", "type": "left anti", "using": ["sym"]},
                            {"table": "days", "type": "CROSS"}]},
        "target": {"kind": "file", "path": "out.csv"}, "columns": ["trades.sym"]})");
    const auto& source = std::get<ClickHouseEndpoint>(job.source);
    EXPECT_EQ(source.join_defaults, clickhouse::JoinDefaults::ClickHouse);
    ASSERT_EQ(source.joins.size(), 3u);
    EXPECT_EQ(source.joins[0].strictness, clickhouse::JoinStrictness::Asof);
    ASSERT_TRUE(source.joins[0].asof);
    EXPECT_EQ(source.joins[0].asof->right.sql(), "`prices`.`ts`");
    EXPECT_EQ(source.joins[1].strictness, clickhouse::JoinStrictness::Anti);
    EXPECT_EQ(source.joins[1].using_columns, std::vector<std::string>{"sym"});
    EXPECT_EQ(source.joins[2].type, clickhouse::JoinType::Cross);
    EXPECT_EQ(std::get<ClickHouseEndpoint>(parse_job_body(R"({"source": {"kind": "clickhouse", "connection": {},
        "table": "a"}, "target": {"kind": "file", "path": "o.csv"}})")
                                               .source)
                  .join_defaults,
              clickhouse::JoinDefaults::Sql);
}

} // namespace
} // namespace ferry::server

namespace ferry::server {
namespace {

TEST(JsonRequests, ImportTargetLayoutMapAndAgain) {
    const auto job = parse_job_body(R"({"source": {"kind": "file", "path": "a.csv"}, "again": true,
        "target": {"kind": "clickhouse", "connection": {}, "table": "t", "create": true,
                   "schema": [{"file_column": "A", "name": "a", "type": "UInt8"}, {"name": "b", "type": "String"}],
                   "order_by": ["a"], "partition_by": "a % 4", "engine": "SummingMergeTree",
                   "map": {"X": "x"}}})");
    EXPECT_TRUE(job.again);
    const auto& target = std::get<ClickHouseEndpoint>(job.target);
    ASSERT_EQ(target.new_table.schema.size(), 2u);
    EXPECT_EQ(target.new_table.schema[0].file_column, "A");
    EXPECT_EQ(target.new_table.schema[0].name, "a");
    EXPECT_EQ(target.new_table.schema[1].file_column, "b"); // defaults to the name
    EXPECT_EQ(target.new_table.order_by, std::vector<std::string>{"a"});
    EXPECT_EQ(target.new_table.partition_by, "a % 4");
    EXPECT_EQ(target.new_table.engine, "SummingMergeTree");
    EXPECT_EQ(target.column_map.at("X"), "x");
    EXPECT_FALSE(parse_job_body(R"({"source": {"kind": "file", "path": "a.csv"},
        "target": {"kind": "clickhouse", "connection": {}, "table": "t"}})").again);

    const auto bad = [](std::string_view body) { return parse_job_body(body); };
    EXPECT_EQ(rejection(bad, R"({"source": {"kind": "file", "path": "a"}, "target": {"kind": "clickhouse",
        "connection": {}, "table": "t", "map": {"X": 1}}})"),
              "'target.map.X' must be a table column name");
    EXPECT_EQ(rejection(bad, R"({"source": {"kind": "file", "path": "a"}, "target": {"kind": "clickhouse",
        "connection": {}, "table": "t", "schema": [{"name": "a"}]}})"),
              "'target.schema[0].type' is required");
    EXPECT_EQ(rejection([](std::string_view body) { return parse_create_statement_request(body); },
                        R"({"table": "t"})"),
              "'schema' is required: the columns of the new table");
}

} // namespace
} // namespace ferry::server

namespace ferry::server {
namespace {

TEST(JsonRequests, LenientReadingOptionsOfAFile) {
    const auto file = std::get<FileEndpoint>(
        parse_preview_request(
            R"({"source": {"kind": "file", "path": "a", "ragged": "pad", "quotes": "lenient", "trim": true}})")
            .source);
    EXPECT_EQ(file.ragged, "pad");
    EXPECT_EQ(file.quotes, "lenient");
    EXPECT_TRUE(file.trim);
    const auto bare = std::get<FileEndpoint>(parse_preview_request(R"({"source": {"kind": "file", "path": "a"}})").source);
    EXPECT_TRUE(bare.ragged.empty());
    EXPECT_TRUE(bare.quotes.empty());
    EXPECT_FALSE(bare.trim);
    EXPECT_NE(rejection(parse_preview_request, R"({"source": {"kind": "file", "path": "a", "trim": "yes"}})")
                  .find("'source.trim'"),
              std::string::npos);
}

} // namespace
} // namespace ferry::server
