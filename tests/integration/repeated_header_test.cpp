/// Leftovers of dirty files (docs/dirty-rows.md) against a real ClickHouse: header rows repeated in the middle
/// of a file (concatenated exports) are left out and counted everywhere - CLI, --json, API job, preview and
/// schema, several files - and kept as data only when asked; a lone text value in a number column under
/// `--create --on-error skip`; the messages that name the lenient options.

#include <boost/json.hpp>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

/// Two parts of one table joined with `cat`, the second with its header quoted the way another tool wrote it.
constexpr const char* kConcatenated =
    "name,city\nAnn,Paris\nBob,Lyon\nname,city\nCy,Rome\n\"name\",\"city\"\nDi,Oslo\n";

class RepeatedHeaderImport : public ClickHouseTest {};

TEST_F(RepeatedHeaderImport, AnAllTextTableGetsNoHeaderRowsAndTheSummaryCountsThem) {
    query("CREATE TABLE t (name String, city String) ENGINE = MergeTree ORDER BY name");
    write_file(scratch("cat.csv"), kConcatenated);
    auto result = ferry("import --table t --file " + scratch("cat.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("2 repeated header rows left out (line 4, line 6): rows identical to the header are not data"), std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT name, city FROM t ORDER BY name FORMAT TSV"), "Ann\tParis\nBob\tLyon\nCy\tRome\nDi\tOslo\n");

    query("TRUNCATE TABLE t");
    result = ferry("import --json --table t --file " + scratch("cat.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rejected\": 0, \"records\": 4, \"repeated_headers\": 2"), std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT count() FROM t WHERE name = 'name' FORMAT TSV"), "0\n");
}

TEST_F(RepeatedHeaderImport, KeepLoadsThemAsData) {
    query("CREATE TABLE t (name String, city String) ENGINE = MergeTree ORDER BY name");
    write_file(scratch("cat.csv"), kConcatenated);
    const auto result = ferry("import --json --repeated-headers keep --table t --file " + scratch("cat.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find("repeated_headers"), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT count(), countIf(name = 'name' AND city = 'city') FROM t FORMAT TSV"), "6\t2\n");
}

// Parts written by different tools, or edited by hand: `ID,Name` and ` id , name ` under `id,name` are the
// header again (ASCII case and blanks around the names aside), not data; `id,full name` is data.
TEST_F(RepeatedHeaderImport, AHeaderInAnotherCaseOrWithBlanksAroundIsLeftOutToo) {
    query("CREATE TABLE t (id String, name String) ENGINE = MergeTree ORDER BY id");
    write_file(scratch("mixed.csv"), "id,name\n1,Ann\nID,Name\n2,Bob\n id , NAME \n3,Cy\n\"Id\",\"name\"\nid,full name\n");
    // (--header: with `id,full name` every column is text, and the sniffer cannot tell a header then.)
    auto result = ferry("import --json --header --table t --file " + scratch("mixed.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"repeated_headers\": 3"), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT id, name FROM t ORDER BY id FORMAT TSV"), "1\tAnn\n2\tBob\n3\tCy\nid\tfull name\n");

    // Kept when asked, as they are.
    query("TRUNCATE TABLE t");
    result = ferry("import --header --repeated-headers keep --table t --file " + scratch("mixed.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT count(), countIf(lower(replaceAll(id, ' ', '')) = 'id' AND lower(replaceAll(name, ' ', '')) = 'name') FROM t FORMAT TSV"),
              "7\t3\n");
}

TEST_F(RepeatedHeaderImport, ATypedTableLoadsAllOrNothingAndCreateTypesTheParts) {
    std::string csv;
    for (int part = 0; part < 3; ++part) {
        csv += "id,price,day\n";
        for (int i = 0; i < 5; ++i) {
            const int id = part * 5 + i;
            csv += std::to_string(id) + "," + std::to_string(id) + ".50,2024-02-0" + std::to_string(1 + i) + "\n";
        }
    }
    write_file(scratch("parts.csv"), csv);
    // Into an existing typed table, in the default all-or-nothing mode: no bad row.
    query("CREATE TABLE typed (id UInt32, price Decimal(18, 2), day Date) ENGINE = MergeTree ORDER BY id");
    auto result = ferry("import --table typed --file " + scratch("parts.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT count(), sum(id), sum(price) FROM typed FORMAT TSV"), "15\t105\t112.50\n");

    // A new table from the file: typed as each part is, not String because of the repeats.
    result = ferry("import --create --table created --file " + scratch("parts.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = "
                    "'created' ORDER BY name FORMAT TSV"),
              "day\tDate\nid\tInt64\nprice\tDecimal(18, 2)\n");
    EXPECT_EQ(query("SELECT count(), sum(id) FROM created FORMAT TSV"), "15\t105\n");
}

TEST_F(RepeatedHeaderImport, SeveralFilesNameTheFileOfEachRepeat) {
    query("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    std::filesystem::create_directories(scratch("in"));
    write_file(scratch("in/a.csv"), "id,name\n1,a\n2,b\n");
    write_file(scratch("in/b.csv"), "id,name\n3,c\nid,name\n4,d\n");
    const auto result = ferry("import --table t --file " + scratch("in").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("1 repeated header row left out (" + scratch("in/b.csv").string() + " line 3)"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT groupArray(id) FROM (SELECT id FROM t ORDER BY id) FORMAT TSV"), "[1,2,3,4]\n");
}

TEST_F(RepeatedHeaderImport, ABlankLineThenTheSameHeaderIsNoSecondTable) {
    query("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    write_file(scratch("gap.csv"), "id,name\n1,a\n\nid,name\n2,b\n");
    const auto result = ferry("import --json --on-error skip --table t --file " + scratch("gap.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // The blank line is rejected as such; the header after it is left out; the rows after it load.
    EXPECT_NE(result.out.find("\"rejected\": 1, \"records\": 3, \"repeated_headers\": 1"), std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT groupArray(name) FROM (SELECT name FROM t ORDER BY id) FORMAT TSV"), "['a','b']\n");
    EXPECT_NE(read_file(scratch("gap.csv.rejects.csv")).find("3,\"blank line (expected 2 fields, found 1)\""),
              std::string::npos);
}

/// 60 rows of numbers with one "n/a" on line 32.
std::string lone_outlier_file() {
    std::string csv = "id,amount\n";
    for (int i = 0; i < 60; ++i) {
        csv += std::to_string(i) + "," + (i == 30 ? std::string("n/a") : std::to_string(i * 7)) + "\n";
    }
    return csv;
}

TEST_F(RepeatedHeaderImport, CreateWithSkipTypesALoneTextValueOutAndRejectsItsRow) {
    write_file(scratch("amounts.csv"), lone_outlier_file());
    const auto rejects = scratch("amounts.rejects.csv");
    const auto result = ferry("import --json --create --on-error skip --table t --rejects " + rejects.string() +
                              " --file " + scratch("amounts.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("Column amount: Int64 without line 32 ('n/a'), a value that does not fit: that row is "
                              "rejected"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.out.find("\"rows\": 59,"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"rejected\": 1, \"records\": 60, \"inference_skipped\": 1"), std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 't' AND name = "
                    "'amount' FORMAT TSV"),
              "Int64\n");
    EXPECT_EQ(query("SELECT count(), sum(amount) FROM t FORMAT TSV"), "59\t" + std::to_string(7 * (59 * 60 / 2 - 30)) + "\n");
    const auto rejected = read_file(rejects);
    EXPECT_NE(rejected.find("\n32,"), std::string::npos) << rejected;
    EXPECT_NE(rejected.find("30,n/a"), std::string::npos) << rejected;
}

TEST_F(RepeatedHeaderImport, CreateInTheDefaultModeSaysWhichLineMadeTheColumnAString) {
    write_file(scratch("amounts.csv"), lone_outlier_file());
    const auto result = ferry("import --create --table t --file " + scratch("amounts.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("Column amount: String because of line 32 ('n/a'); the other 59 sampled values are "
                              "Int64 (with --on-error skip the column is Int64 and that row is rejected)"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(query("SELECT count(), countIf(amount = 'n/a') FROM t FORMAT TSV"), "60\t1\n");
}

TEST_F(RepeatedHeaderImport, MessagesNameTheLenientOptions) {
    query("CREATE TABLE t (id UInt32, name Nullable(String), city Nullable(String)) ENGINE = MergeTree ORDER BY id");
    write_file(scratch("short.csv"), "id,name,city\n1,Ann,Paris\n2,Bob\n");
    auto result = ferry("import --table t --file " + scratch("short.csv").string());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("line 3: expected 3 fields, found 2 (to read short rows with NULL for the missing "
                              "trailing fields, use --ragged pad)"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(query("SELECT count() FROM t FORMAT TSV"), "0\n");

    result = ferry("import --json --ragged pad --trim --quotes lenient --table t --file " +
                   scratch("short.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"lenient\": {\"ragged\": \"pad\", \"quotes\": \"lenient\", \"trim\": true}"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(query("SELECT id, name, city FROM t ORDER BY id FORMAT TSV"), "1\tAnn\tParis\n2\tBob\t\\N\n");

    // The sniffer proposes --trim for a file written with a space after each comma.
    write_file(scratch("spaced.csv"), "id, name, city\n1, Ann, Paris\n2, Bob, Lyon\n");
    result = ferry("columns --file " + scratch("spaced.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("Values in this file start with a space after each comma - drop those spaces? (values "
                              "start with a space after each comma: try --trim)"),
              std::string::npos)
        << result.err;
}

class RepeatedHeaderApi : public ApiTest {};

TEST_F(RepeatedHeaderApi, JobPreviewAndSchemaLeaveThemOutAndCountThem) {
    query("CREATE TABLE t (name String, city String) ENGINE = MergeTree ORDER BY name");
    write_file(data_dir_ / "cat.csv", kConcatenated);

    const auto schema = json::parse(post("/api/file/schema", R"({"file": {"path": "cat.csv"}})").body).as_object();
    EXPECT_EQ(schema.at("repeated_headers").to_number<int>(), 2) << json::serialize(schema);
    EXPECT_EQ(schema.at("bad_row_count").to_number<int>(), 0);

    const auto preview =
        json::parse(post("/api/preview", R"({"source": {"kind": "file", "path": "cat.csv"}})").body).as_object();
    EXPECT_EQ(json::serialize(preview.at("rows")), R"([["Ann","Paris"],["Bob","Lyon"],["Cy","Rome"],["Di","Oslo"]])");
    EXPECT_EQ(preview.at("repeated_headers").to_number<int>(), 2);

    const auto submitted = post("/api/jobs", R"({"source": {"kind": "file", "path": "cat.csv"}, "target": {"kind": )"
                                             R"("clickhouse", "connection": )" +
                                                 connection_json() + R"(, "table": "t"}})");
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    const auto job = json::parse(wait_for_job(std::string(json::parse(submitted.body).at("id").as_string()))).as_object();
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("rows").to_number<int>(), 4);
    EXPECT_EQ(job.at("rows_read").to_number<int>(), 4);
    EXPECT_EQ(job.at("repeated_headers").to_number<int>(), 2);
    EXPECT_EQ(query("SELECT count() FROM t WHERE name = 'name' FORMAT TSV"), "0\n");

    // Kept on request: a preview shows them.
    const auto kept = json::parse(post("/api/preview", R"({"source": {"kind": "file", "path": "cat.csv", )"
                                                       R"("repeated_headers": "keep"}})")
                                      .body)
                          .as_object();
    EXPECT_EQ(kept.at("rows").as_array().size(), 6u);
    EXPECT_FALSE(kept.contains("repeated_headers"));
}

} // namespace
} // namespace ferry::test
