#include "clickhouse/catalog.h"

#include <gtest/gtest.h>

#include "clickhouse/catalog_sql.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

using clickhouse::HttpClient;
using clickhouse::quote_identifier;

class CatalogTest : public ClickHouseTest {};

const clickhouse::TableInfo* find_table(const std::vector<clickhouse::TableInfo>& tables,
                                        const std::string& name) {
    for (const auto& table : tables) {
        if (table.name == name) {
            return &table;
        }
    }
    return nullptr;
}

// The probe behind list_tables(): 18.16 has no system.tables.total_rows (20.x+ has; the 26.5 lane checks
// that side), so row counts come from the parts, and that query runs here.
TEST_F(CatalogTest, TotalRowsProbeOnThisServer) {
    HttpClient client(connection());
    const bool has = clickhouse::catalog_sql::parse_total_rows_probe(
        client.query(clickhouse::catalog_sql::total_rows_probe() + " FORMAT TabSeparated"));
    EXPECT_EQ(has, client.server_major_version() >= 20) << client.server_version();
    query("CREATE TABLE t (id UInt8) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t VALUES (1), (2)");
    const auto tables = clickhouse::catalog_sql::parse_tables_and_part_rows(
        client.query(clickhouse::catalog_sql::tables_without_rows() + " FORMAT TabSeparated"),
        client.query(clickhouse::catalog_sql::part_rows() + " FORMAT TabSeparated"));
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows, std::optional<std::uint64_t>(2));
}

TEST_F(CatalogTest, ListTablesWithRowCounts) {
    query("CREATE TABLE orders (id UInt64, amount Float64) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO orders VALUES (1, 1.5), (2, 2.5)");
    query("INSERT INTO orders VALUES (3, 3.5)"); // a second part
    query("CREATE TABLE empty_tree (id UInt64) ENGINE = MergeTree ORDER BY id");
    query("CREATE TABLE scratch (id UInt64) ENGINE = Memory");
    query("CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 2");

    HttpClient client(connection());
    const auto tables = clickhouse::list_tables(client);
    ASSERT_EQ(tables.size(), 4u);
    EXPECT_EQ(tables[0].name, "big_orders");
    EXPECT_EQ(tables[1].name, "empty_tree");
    EXPECT_EQ(tables[2].name, "orders");
    EXPECT_EQ(tables[3].name, "scratch");

    EXPECT_EQ(tables[2].engine, "MergeTree");
    EXPECT_EQ(tables[2].rows, std::optional<std::uint64_t>(3));
    EXPECT_EQ(tables[1].rows, std::optional<std::uint64_t>(0));
    EXPECT_EQ(tables[0].engine, "View");
    EXPECT_FALSE(tables[0].rows.has_value());
    EXPECT_EQ(tables[3].engine, "Memory");
}

TEST_F(CatalogTest, ListTablesOfAnEmptyDatabase) {
    HttpClient client(connection());
    EXPECT_TRUE(clickhouse::list_tables(client).empty());
}

TEST_F(CatalogTest, ListTablesIgnoresOtherDatabases) {
    query("CREATE TABLE mine (id UInt64) ENGINE = Memory");
    const std::string other = database_ + "_other";
    query("CREATE DATABASE " + quote_identifier(other));
    query("CREATE TABLE " + quote_identifier(other) + ".theirs (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    const auto tables = clickhouse::list_tables(client);
    query("DROP DATABASE " + quote_identifier(other));
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].name, "mine");
}

TEST_F(CatalogTest, ListColumnsInTableOrder) {
    query("CREATE TABLE t (z String, a Nullable(Int32), m DateTime DEFAULT now(), "
          "total UInt64 MATERIALIZED 1, doubled UInt64 ALIAS total * 2, `odd name` Array(String)) "
          "ENGINE = MergeTree ORDER BY z");
    HttpClient client(connection());
    const auto columns = clickhouse::list_columns(client, "t");
    ASSERT_EQ(columns.size(), 4u);
    EXPECT_EQ(columns[0].name, "z");
    EXPECT_EQ(columns[0].type, "String");
    EXPECT_EQ(columns[1].name, "a");
    EXPECT_EQ(columns[1].type, "Nullable(Int32)");
    EXPECT_EQ(columns[2].name, "m");
    EXPECT_EQ(columns[2].type, "DateTime");
    EXPECT_EQ(columns[3].name, "odd name");
    EXPECT_EQ(columns[3].type, "Array(String)");
}

TEST_F(CatalogTest, ListColumnsOfAMissingTable) {
    HttpClient client(connection());
    try {
        clickhouse::list_columns(client, "no_such_table");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Query);
        EXPECT_EQ(e.context().server_code, 60);
        EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
    }
}

TEST_F(CatalogTest, TableExists) {
    query("CREATE TABLE present (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    EXPECT_TRUE(clickhouse::table_exists(client, "present"));
    EXPECT_FALSE(clickhouse::table_exists(client, "absent"));
    EXPECT_FALSE(clickhouse::table_exists(client, "present' OR '1' = '1"));
    EXPECT_FALSE(clickhouse::table_exists(client, ""));
}

TEST_F(CatalogTest, HostileTableNameIsQuotedEverywhere) {
    const std::string hostile = "a`; DROP TABLE x; --";
    query("CREATE TABLE x (id UInt64) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO x VALUES (1)");
    query("CREATE TABLE " + quote_identifier(hostile) + " (" + quote_identifier("c`; DROP TABLE x; --") +
          " String, n UInt8) ENGINE = MergeTree ORDER BY n");
    query("INSERT INTO " + quote_identifier(hostile) + " VALUES ('v', 1), ('w', 2)");

    HttpClient client(connection());
    const auto tables = clickhouse::list_tables(client);
    ASSERT_EQ(tables.size(), 2u);
    const auto* table = find_table(tables, hostile);
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->rows, std::optional<std::uint64_t>(2));
    EXPECT_TRUE(clickhouse::table_exists(client, hostile));

    const auto columns = clickhouse::list_columns(client, hostile);
    ASSERT_EQ(columns.size(), 2u);
    EXPECT_EQ(columns[0].name, "c`; DROP TABLE x; --");
    EXPECT_EQ(columns[1].name, "n");

    // Nothing else was touched.
    EXPECT_TRUE(clickhouse::table_exists(client, "x"));
    EXPECT_EQ(query("SELECT count() FROM x"), "1\n");
}

TEST_F(CatalogTest, NamesWithQuotesBackslashesAndControlCharacters) {
    const std::string name = std::string("it's \\ \"odd\"\ttab\nline") + '\0' + "nul é";
    query("CREATE TABLE " + quote_identifier(name) + " (" + quote_identifier("col\\\t'x'") +
          " UInt8) ENGINE = Memory");
    HttpClient client(connection());
    const auto tables = clickhouse::list_tables(client);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].name, name);
    EXPECT_TRUE(clickhouse::table_exists(client, name));
    const auto columns = clickhouse::list_columns(client, name);
    ASSERT_EQ(columns.size(), 1u);
    EXPECT_EQ(columns[0].name, "col\\\t'x'");
    EXPECT_EQ(columns[0].type, "UInt8");
}

} // namespace
} // namespace ferry::test
