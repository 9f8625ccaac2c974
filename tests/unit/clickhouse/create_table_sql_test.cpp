#include "clickhouse/create_table_sql.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

TableDefinition people() {
    TableDefinition definition;
    definition.table = "people";
    definition.columns = {{"id", "UInt32"}, {"day", "Date"}, {"name", "Nullable(String)"}};
    return definition;
}

std::string refusal(const TableDefinition& definition) {
    try {
        create_table_sql(definition);
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Usage);
        return error.what();
    }
    return "";
}

TEST(CreateTableSql, DefaultsToMergeTreeWithoutASortingKey) {
    EXPECT_EQ(create_table_sql(people()),
              "CREATE TABLE `people` (`id` UInt32, `day` Date, `name` Nullable(String)) ENGINE = MergeTree "
              "ORDER BY tuple()");
}

TEST(CreateTableSql, OrderByPartitionByAndEngine) {
    auto definition = people();
    definition.order_by = {"id", "day"};
    definition.partition_by = "toYYYYMM(day)";
    definition.engine = "ReplacingMergeTree";
    definition.if_not_exists = true;
    EXPECT_EQ(create_table_sql(definition),
              "CREATE TABLE IF NOT EXISTS `people` (`id` UInt32, `day` Date, `name` Nullable(String)) ENGINE = "
              "ReplacingMergeTree PARTITION BY toYYYYMM(`day`) ORDER BY (`id`, `day`)");
    definition.order_by = {"id"};
    definition.partition_by = "intDiv(id, 1000) % 16";
    EXPECT_NE(create_table_sql(definition).find("PARTITION BY intDiv(`id`, 1000) % 16 ORDER BY `id`"),
              std::string::npos);
}

TEST(CreateTableSql, QuotesNamesAndRebuildsTypes) {
    TableDefinition definition;
    definition.table = "a`b; DROP TABLE x";
    definition.columns = {{"we`ird", "Decimal32(2)"},
                          {"t", "DateTime('Europe/Berlin')"},
                          {"e", "Enum8('a' = 1, 'b\\'c' = 2)"},
                          {"m", "Map(String, Array(LowCardinality(String)))"}};
    EXPECT_EQ(create_table_sql(definition),
              "CREATE TABLE `a\\`b; DROP TABLE x` (`we\\`ird` Decimal(9, 2), `t` DateTime('Europe/Berlin'), "
              "`e` Enum8('a' = 1, 'b\\'c' = 2), `m` Map(String, Array(LowCardinality(String)))) ENGINE = "
              "MergeTree ORDER BY tuple()");
}

TEST(CreateTableSql, RefusesWhatItCannotBuildSafely) {
    auto definition = people();
    definition.engine = "Log";
    EXPECT_NE(refusal(definition).find("engine 'Log' is not offered"), std::string::npos);
    definition = people();
    definition.columns[0].type = "UInt32) ENGINE = Memory --";
    EXPECT_NE(refusal(definition).find("column 'id'"), std::string::npos);
    definition = people();
    definition.columns[0].type = "AggregateFunction(sum, UInt64)";
    EXPECT_NE(refusal(definition).find("is not offered for new tables"), std::string::npos);
    definition = people();
    definition.order_by = {"name"};
    EXPECT_NE(refusal(definition).find("a Nullable column cannot be in the sorting key"), std::string::npos);
    definition = people();
    definition.order_by = {"nope"};
    EXPECT_NE(refusal(definition).find("ORDER BY 'nope' is not a column of the new table (columns: id, day, name)"),
              std::string::npos);
    definition = people();
    definition.columns.push_back({"id", "String"});
    EXPECT_NE(refusal(definition).find("column name 'id' is used twice"), std::string::npos);
    definition = people();
    definition.columns.clear();
    EXPECT_NE(refusal(definition).find("without columns"), std::string::npos);
}

TEST(CreateTableSql, PartitionExpressionsOutsideTheGrammarAreRefused) {
    const auto columns = people().columns;
    for (const char* bad : {"toYYYYMM(day); DROP TABLE x", "day -- comment", "day /* x */", "sleep(3)",
                            "toYYYYMM(nope)", "'text'", "(day", "day)", "day day", "day +", "a.b", "`day"}) {
        EXPECT_THROW(partition_expression_sql(bad, columns), Error) << bad;
    }
    EXPECT_EQ(partition_expression_sql("  toYYYYMM( day ) ", columns), "toYYYYMM(`day`)");
    EXPECT_EQ(partition_expression_sql("`day`", columns), "`day`");
    EXPECT_EQ(partition_expression_sql("tuple(toYear(day), id % 4)", columns), "tuple(toYear(`day`), `id` % 4)");
}

} // namespace
} // namespace ferry::clickhouse
