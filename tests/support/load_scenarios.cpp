#include "support/load_scenarios.h"

#include <gtest/gtest.h>

#include "clickhouse/catalog_sql.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/load_sql.h"
#include "clickhouse/sql.h"
#include "clickhouse/table_engine.h"

namespace ferry::test {

namespace catalog_sql = clickhouse::catalog_sql;
namespace load_sql = clickhouse::load_sql;
using clickhouse::quote_identifier;

namespace {

/// Hostile names: quotes, backslash, backtick, tab, spaces, non-ASCII, SQL.
const std::string kHostileTable = "we`ird 'name\\ \t;DROP TABLE x;--\xC3\xBC";

/// Encodes rows with Ferry's encoder for the table's columns (as DESCRIBE gives them) and inserts them.
void load(const SqlRunner& server, const std::string& table,
          const std::vector<std::vector<std::string>>& rows) {
    const auto columns = catalog_sql::parse_describe(server.query(catalog_sql::describe(table)));
    const auto encoder = clickhouse::make_insert_encoder(
        columns, catalog_sql::parse_server_timezone(server.query(catalog_sql::server_timezone())));
    std::string body;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            encoder->value(i, row[i], false, body);
        }
        encoder->end_row(body);
    }
    std::vector<std::string> names;
    for (const auto& column : columns) {
        names.push_back(column.name);
    }
    server.insert(load_sql::insert(table, names, encoder->format()), body);
}

/// The commit step as StagingTable::move_rows_to_target() runs it.
void commit(const SqlRunner& server, const std::string& target, const std::string& staging,
            const std::vector<std::string>& columns) {
    if (server.query(load_sql::table_engine(target)).find("MergeTree") == std::string::npos) {
        server.query(load_sql::insert_select(target, staging, columns));
        return;
    }
    for (const auto& row : catalog_sql::parse_tsv(server.query(load_sql::active_partitions(staging)))) {
        server.query(load_sql::attach_partition(target, row.at(0).value_or(""), staging));
    }
}

/// The rows of `table`, Decimals as Float64: 18.16 prints them with every digit of the scale ("1.5000"),
/// 26.x without trailing zeros ("1.5").
std::string contents(const SqlRunner& server, const std::string& table, const std::string& columns = "*") {
    return server.query("SELECT " + columns + " FROM " + quote_identifier(table) + " ORDER BY id");
}

} // namespace

void create_table_from_schema(const SqlRunner& server) {
    server.query(load_sql::create_table(kHostileTable, {{"id", "Int64"},
                                                        {"na me", "Nullable(String)"},
                                                        {"when`", "Nullable(DateTime)"},
                                                        {"amount", "Nullable(Float64)"},
                                                        {"day", "Date"}}));
    // IF NOT EXISTS: a second run is harmless.
    server.query(load_sql::create_table(kHostileTable, {{"id", "Int64"}}));
    const auto columns = catalog_sql::parse_describe(server.query(catalog_sql::describe(kHostileTable)));
    ASSERT_EQ(columns.size(), 5u);
    EXPECT_EQ(columns[1].name, "na me");
    EXPECT_EQ(columns[2].name, "when`");
    EXPECT_EQ(columns[2].type, "Nullable(DateTime)");
    EXPECT_EQ(server.query(load_sql::table_engine(kHostileTable)), "MergeTree\n");
    EXPECT_TRUE(catalog_sql::parse_table_exists(server.query(catalog_sql::table_exists(kHostileTable))));
}

void staging_then_attach_partitions(const SqlRunner& server) {
    const std::string target = "target 't`";
    server.query("CREATE TABLE " + quote_identifier(target) +
                 " (id UInt32, d Date, s String, x Nullable(Decimal(18, 4)), tags Array(String)) ENGINE = "
                 "ReplacingMergeTree PARTITION BY toYYYYMM(d) ORDER BY id");
    const std::string staging = "_ferry_staging_target_t_0123456789ab";
    server.query(load_sql::create_staging(staging, target));
    load(server, staging,
         {{"1", "2020-01-31", "a\tb", "1.5", "['x','y\\'z']"},
          {"2", "2020-02-01", "", "-0.0001", "[]"},
          {"3", "2021-12-31", "c", "0", "['']"}});
    EXPECT_EQ(server.query(load_sql::count_rows(staging)), "3\n");
    EXPECT_EQ(catalog_sql::parse_tsv(server.query(load_sql::active_partitions(staging))).size(), 3u);
    // Nothing is in the target until the commit; then all of it, once.
    EXPECT_EQ(server.query(load_sql::count_rows(target)), "0\n");
    commit(server, target, staging, {"id", "d", "s", "x", "tags"});
    const std::string expected = "1\t2020-01-31\ta\\tb\t1.5\t['x','y\\'z']\n"
                                 "2\t2020-02-01\t\t-0.0001\t[]\n"
                                 "3\t2021-12-31\tc\t0\t['']\n";
    const std::string columns = "id, d, s, toFloat64(x), tags";
    EXPECT_EQ(contents(server, target, columns), expected);
    EXPECT_EQ(contents(server, staging, columns),
              expected); // ATTACH ... FROM copies (hard links); staging is dropped
    server.query(load_sql::drop_table(staging));
    server.query(load_sql::drop_table(staging)); // IF EXISTS
    EXPECT_FALSE(catalog_sql::parse_table_exists(server.query(catalog_sql::table_exists(staging))));
    EXPECT_EQ(server.query(load_sql::count_rows(target)), "3\n");
}

void staging_then_insert_select(const SqlRunner& server) {
    server.query(
        "CREATE TABLE target (id UInt32, tags Array(String), pair Tuple(String, Int8)) ENGINE = Memory");
    server.query(load_sql::create_staging("staging", "target"));
    load(server, "staging", {{"1", "['a','b\\'c']", "('k',-1)"}, {"2", "[]", "('',0)"}});
    commit(server, "target", "staging", {"id", "tags", "pair"});
    EXPECT_EQ(contents(server, "target"), "1\t['a','b\\'c']\t('k',-1)\n2\t[]\t('',0)\n");
}

void leftover_staging_queries(const SqlRunner& server) {
    server.query("CREATE TABLE _ferry_staging_x_000000000000 (id UInt8) ENGINE = Memory");
    // A staging table younger than a minute is some running import's: not a leftover.
    EXPECT_EQ(server.query(load_sql::leftover_tables("_ferry_staging_")), "");
    // The query that looks for users of a name does not find itself.
    EXPECT_EQ(server.query(load_sql::queries_using("_ferry_staging_x_000000000000")), "0\n");
}

void staging_replace_partitions(const SqlRunner& server) {
    server.query(
        "CREATE TABLE target (id UInt32, d Date, s String) ENGINE = MergeTree PARTITION BY toYYYYMM(d) "
        "ORDER BY id");
    server.query("INSERT INTO target VALUES (1, '2020-01-05', 'old'), (2, '2020-02-05', 'old')");
    const auto facts = catalog_sql::parse_tsv(server.query(load_sql::target_facts("target")));
    ASSERT_EQ(facts.size(), 1u);
    ASSERT_GE(facts[0].size(), 5u);
    EXPECT_EQ(facts[0][1], "MergeTree");
    EXPECT_EQ(facts[0][4], "[]"); // no views
    const auto clause = clickhouse::private_engine_clause(facts[0][2].value_or(""));
    ASSERT_TRUE(clause.has_value()) << facts[0][2].value_or("");
    const std::string staging = "_ferry_staging_0123456789ab";
    server.query(load_sql::create_staging(staging, "target", *clause));
    server.query(load_sql::stop_merges(staging));
    load(server, staging,
         {{"3", "2020-02-10", "new"}, {"4", "2020-03-10", "new"}, {"5", "2020-03-11", "new"}});
    const auto partitions = catalog_sql::parse_tsv(server.query(load_sql::partition_rows(staging)));
    ASSERT_EQ(partitions.size(), 2u);
    EXPECT_EQ(partitions[0][0], "202002");
    EXPECT_EQ(partitions[0][1], "1");
    EXPECT_EQ(partitions[1][0], "202003");
    EXPECT_EQ(partitions[1][1], "2");
    for (const auto& partition : partitions) {
        server.query(load_sql::replace_partition("target", partition[0].value_or(""), staging));
    }
    for (const auto& row : catalog_sql::parse_tsv(server.query(load_sql::active_partitions("target")))) {
        if (row[0] != "202002" && row[0] != "202003") {
            server.query(load_sql::drop_partition("target", row[0].value_or("")));
        }
    }
    EXPECT_EQ(contents(server, "target"), "3\t2020-02-10\tnew\n4\t2020-03-10\tnew\n5\t2020-03-11\tnew\n");
}

void staging_copy_fires_views(const SqlRunner& server) {
    server.query("CREATE TABLE target (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    server.query("CREATE TABLE seen (id UInt32) ENGINE = Memory");
    server.query("CREATE MATERIALIZED VIEW mv TO seen AS SELECT id FROM target");
    server.query("INSERT INTO target VALUES (1, 'old')");
    const auto facts = catalog_sql::parse_tsv(server.query(load_sql::target_facts("target")));
    ASSERT_EQ(facts.size(), 1u);
    ASSERT_GE(facts[0].size(), 5u);
    EXPECT_EQ(facts[0][4], "['mv']"); // the view the load must make fire
    server.query(load_sql::create_staging("staging", "target", "MergeTree ORDER BY tuple()"));
    load(server, "staging", {{"2", "a"}, {"3", "b"}});
    server.query(load_sql::truncate("target"));
    server.query(load_sql::insert_select("target", "staging", {"id", "s"}));
    EXPECT_EQ(contents(server, "target"), "2\ta\n3\tb\n");
    EXPECT_EQ(server.query("SELECT id FROM seen ORDER BY id"), "1\n2\n3\n");
}

bool session_settings_probe(const SqlRunner& server) {
    bool has_token = false;
    std::size_t found = 0;
    for (const auto& row : catalog_sql::parse_tsv(server.query(load_sql::session_settings()))) {
        const std::string name = row.at(0).value_or("");
        ++found;
        if (name == "readonly") {
            EXPECT_EQ(row.at(1), "0");
        } else if (name == "insert_deduplication_token") {
            has_token = true;
        } else if (name == "max_insert_block_size") {
            EXPECT_NE(row.at(1), "0");
        }
    }
    EXPECT_GE(found, 2u);
    return has_token;
}

} // namespace ferry::test
