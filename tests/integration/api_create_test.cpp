/// Schema before create: the CREATE TABLE statement shown before a job starts is the one the job runs,
/// with the user's names, types, ORDER BY, PARTITION BY and engine; column maps for existing tables;
/// the same options on the command line.

#include <boost/json.hpp>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

json::object parse(const std::string& body) {
    return json::parse(body).as_object();
}

class ApiCreate : public ApiTest {
protected:
    std::string import_body(const std::string& file, const std::string& table, const std::string& target_extra) {
        return R"({"source": {"kind": "file", "path": ")" + file +
               R"("}, "target": {"kind": "clickhouse", "connection": )" + connection_json() + R"(, "table": ")" +
               table + "\"" + target_extra + "}}";
    }

    std::string run(const std::string& body) {
        const auto result = post("/api/jobs", body);
        EXPECT_EQ(result.status, 201) << result.body;
        return wait_for_job(std::string(parse(result.body).at("id").as_string()));
    }
};

constexpr const char* kSchema = R"J("schema": [{"file_column": "Day", "name": "day", "type": "Date"},
                                              {"file_column": "ID", "name": "id", "type": "UInt32"},
                                              {"file_column": "Amount", "name": "amount", "type": "Decimal(10, 2)"}],
                                   "order_by": ["id", "day"], "partition_by": "toYYYYMM(day)",
                                   "engine": "ReplacingMergeTree")J";

TEST_F(ApiCreate, TheStatementShownIsTheTableCreated) {
    const auto shown = post("/api/clickhouse/create_statement", R"({"table": "sales", )" + std::string(kSchema) + "}");
    ASSERT_EQ(shown.status, 200) << shown.body;
    const std::string sql(parse(shown.body).at("sql").as_string());
    EXPECT_EQ(sql, "CREATE TABLE `sales` (`day` Date, `id` UInt32, `amount` Decimal(10, 2)) ENGINE = "
                   "ReplacingMergeTree PARTITION BY toYYYYMM(`day`) ORDER BY (`id`, `day`)");

    // The file's header differs from the table's names; "note" is skipped (left out of the schema).
    write_file(data_dir_ / "sales.csv", "ID,Day,note,Amount\n1,2024-01-31,x,10.50\n2,2024-02-01,y,0.25\n");
    const auto job = parse(run(import_body("sales.csv", "sales", R"(, "create": true, )" + std::string(kSchema))));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("target").at("engine"), "ReplacingMergeTree");
    EXPECT_EQ(job.at("target").at("partition_by"), "toYYYYMM(day)");
    EXPECT_EQ(job.at("target").at("schema").as_array().size(), 3u);
    EXPECT_EQ(query("SELECT engine, partition_key, sorting_key FROM system.tables WHERE database = currentDatabase() "
                    "AND name = 'sales' FORMAT TSV"),
              "ReplacingMergeTree\ttoYYYYMM(day)\tid, day\n");
    EXPECT_EQ(query("SELECT day, id, amount, toTypeName(amount) FROM sales ORDER BY id FORMAT TSV"),
              "2024-01-31\t1\t10.50\tDecimal(10, 2)\n2024-02-01\t2\t0.25\tDecimal(10, 2)\n");
}

TEST_F(ApiCreate, RefusesUnsafeOrImpossibleDefinitions) {
    const auto bad_partition = post("/api/clickhouse/create_statement",
                                    R"({"table": "t", "schema": [{"name": "d", "type": "Date"}],
                                        "partition_by": "toYYYYMM(d)); DROP TABLE x; --"})");
    EXPECT_EQ(bad_partition.status, 400);
    EXPECT_EQ(parse(bad_partition.body).at("error").at("kind"), "usage");
    EXPECT_NE(bad_partition.body.find("Accepted: column names"), std::string::npos) << bad_partition.body;
    const auto bad_engine = post("/api/clickhouse/create_statement",
                                 R"({"table": "t", "schema": [{"name": "d", "type": "Date"}], "engine": "Memory"})");
    EXPECT_EQ(bad_engine.status, 400);
    EXPECT_NE(bad_engine.body.find("choose one of MergeTree"), std::string::npos);
    EXPECT_EQ(post("/api/clickhouse/create_statement", R"({"table": "t"})").status, 400);

    // A job with a bad definition fails before anything is created.
    write_file(data_dir_ / "d.csv", "d\n2024-01-01\n");
    const auto job = parse(run(import_body("d.csv", "t", R"(, "create": true, "engine": "Memory")")));
    EXPECT_EQ(job.at("status"), "failed");
    EXPECT_EQ(query("EXISTS TABLE t"), "0\n");
}

TEST_F(ApiCreate, MapsFileColumnsToAnExistingTable) {
    query("CREATE TABLE people (id UInt32, full_name String) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "people.csv", "id,Name\n1,ann\n2,bob\n");
    auto job = parse(run(import_body("people.csv", "people", "")));
    ASSERT_EQ(job.at("status"), "failed");
    const std::string message(job.at("error").at("message").as_string());
    EXPECT_EQ(message, "file column 'Name' has no column of that name in table 'people' (its columns: id, "
                       "full_name); map it to one of them, or leave it out of the columns to load");

    job = parse(run(import_body("people.csv", "people", R"(, "map": {"Name": "full_name"})")));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("target").at("map").at("Name"), "full_name");
    EXPECT_EQ(query("SELECT id, full_name FROM people ORDER BY id FORMAT TSV"), "1\tann\n2\tbob\n");
}

TEST_F(ApiCreate, TheCommandLineHasTheSameOptions) {
    write_file(scratch("e.csv"), "ts,Kind,n\n2024-03-01 10:00:00,a,1\n2024-04-01 11:00:00,b,2\n");
    auto result = ferry("import --file " + shell_quote(scratch("e.csv").string()) +
                        " --table events --create --order-by ts --partition-by 'toYYYYMM(ts)' --engine "
                        "SummingMergeTree --map Kind=kind");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT engine, partition_key, sorting_key FROM system.tables WHERE database = currentDatabase() "
                    "AND name = 'events' FORMAT TSV"),
              "SummingMergeTree\ttoYYYYMM(ts)\tts\n");
    EXPECT_EQ(query("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events' "
                    "FORMAT TSV"),
              "ts\nkind\nn\n"); // in table order
    EXPECT_EQ(query("SELECT kind, n FROM events ORDER BY ts FORMAT TSV"), "a\t1\nb\t2\n");

    result = ferry("import --file " + shell_quote(scratch("e.csv").string()) + " --table events2 --create "
                   "--partition-by 'ts; DROP TABLE events'");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("';' is not accepted"), std::string::npos) << result.err;
    result = ferry("import --file " + shell_quote(scratch("e.csv").string()) + " --table events --map Kind");
    EXPECT_NE(result.err.find("--map 'Kind' must be FILE_COLUMN=TABLE_COLUMN"), std::string::npos) << result.err;
}

} // namespace
} // namespace ferry::test
