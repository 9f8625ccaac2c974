/// Schema detection and file preview through the API list the rows they could not read, with their line
/// numbers, instead of refusing the file (the command line stays strict: see bad_input_test.cpp).

#include <boost/json.hpp>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

json::object parse(const std::string& body) {
    return json::parse(body).as_object();
}

class ApiBadRows : public ApiTest {};

TEST_F(ApiBadRows, SchemaAndPreviewListTheRowsTheyCouldNotRead) {
    write_file(data_dir_ / "ragged.csv", "id,name\n1,ann\n2\n3,cy\n4,dee,extra\n5,eve\n");
    const auto schema = post("/api/file/schema", R"({"file": {"path": "ragged.csv"}})");
    ASSERT_EQ(schema.status, 200) << schema.body;
    const auto body = parse(schema.body);
    EXPECT_EQ(json::serialize(body.at("columns")),
              R"([{"name":"id","type":"Int64"},{"name":"name","type":"String"}])");
    EXPECT_EQ(json::serialize(body.at("bad_rows")),
              R"([{"line":3,"reason":"expected 2 fields, found 1"},{"line":5,"reason":"expected 2 fields, found 3"}])");
    EXPECT_EQ(body.at("bad_row_count").to_number<int>(), 2);

    const auto preview = post("/api/preview", R"({"source": {"kind": "file", "path": "ragged.csv"}})");
    ASSERT_EQ(preview.status, 200) << preview.body;
    const auto table = parse(preview.body);
    EXPECT_EQ(json::serialize(table.at("rows")), R"([["1","ann"],["3","cy"],["5","eve"]])");
    EXPECT_EQ(table.at("bad_rows").as_array().size(), 2u);
    EXPECT_EQ(table.at("bad_rows").as_array()[0].at("line").to_number<int>(), 3);
}

TEST_F(ApiBadRows, BrokenQuotingEndsTheSampleThere) {
    write_file(data_dir_ / "quote.csv", "id,name\n1,ann\n2,\"bob\n3,cy\n");
    const auto schema = parse(post("/api/file/schema", R"({"file": {"path": "quote.csv"}})").body);
    ASSERT_EQ(schema.at("bad_rows").as_array().size(), 1u) << json::serialize(schema);
    EXPECT_EQ(schema.at("bad_rows").as_array()[0].at("line").to_number<int>(), 3);
    EXPECT_NE(std::string(schema.at("bad_rows").as_array()[0].at("reason").as_string()).find("unterminated"),
              std::string::npos);
    EXPECT_EQ(schema.at("columns").as_array().size(), 2u);
    const auto preview = parse(post("/api/preview", R"({"source": {"kind": "file", "path": "quote.csv"}})").body);
    EXPECT_EQ(json::serialize(preview.at("rows")), R"([["1","ann"]])");
    EXPECT_EQ(preview.at("bad_rows").as_array().size(), 1u);

    // A good file has an empty list.
    write_file(data_dir_ / "good.csv", "id\n1\n");
    EXPECT_EQ(json::serialize(parse(post("/api/file/schema", R"({"file": {"path": "good.csv"}})").body).at("bad_rows")),
              "[]");
}

} // namespace
} // namespace ferry::test
