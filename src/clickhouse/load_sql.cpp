#include "clickhouse/load_sql.h"

#include <fmt/format.h>

#include "clickhouse/sql.h"

namespace ferry::clickhouse::load_sql {

namespace {
std::string column_list(const std::vector<std::string>& columns) {
    std::string list;
    for (const auto& column : columns) {
        list += (list.empty() ? "" : ", ") + quote_identifier(column);
    }
    return list;
}
} // namespace

std::string create_table(std::string_view table,
                         const std::vector<std::pair<std::string, std::string>>& columns) {
    std::string definitions;
    for (const auto& [name, type] : columns) {
        // The type is the sniffer's or the user's type name; the server parses it as a type, never as SQL
        // around it, because it sits between a quoted name and a comma.
        definitions += fmt::format("{}{} {}", definitions.empty() ? "" : ", ", quote_identifier(name), type);
    }
    return fmt::format("CREATE TABLE IF NOT EXISTS {} ({}) ENGINE = MergeTree ORDER BY tuple()",
                       quote_identifier(table), definitions);
}

std::string create_staging(std::string_view staging, std::string_view target) {
    return fmt::format("CREATE TABLE {} AS {}", quote_identifier(staging), quote_identifier(target));
}

std::string drop_table(std::string_view table) {
    return "DROP TABLE IF EXISTS " + quote_identifier(table);
}

std::string insert(std::string_view table, const std::vector<std::string>& columns, std::string_view format) {
    return fmt::format("INSERT INTO {} ({}) FORMAT {}", quote_identifier(table), column_list(columns),
                       format);
}

std::string count_rows(std::string_view table) {
    return "SELECT count() FROM " + quote_identifier(table);
}

std::string table_engine(std::string_view table) {
    return "SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = " +
           quote_string(table);
}

std::string active_partitions(std::string_view table) {
    return "SELECT DISTINCT partition_id FROM system.parts WHERE database = currentDatabase() AND table = " +
           quote_string(table) + " AND active";
}

std::string attach_partition(std::string_view target, std::string_view partition_id,
                             std::string_view staging) {
    return fmt::format("ALTER TABLE {} ATTACH PARTITION ID {} FROM {}", quote_identifier(target),
                       quote_string(partition_id), quote_identifier(staging));
}

std::string insert_select(std::string_view target, std::string_view source,
                          const std::vector<std::string>& columns) {
    const std::string list = column_list(columns);
    return fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", quote_identifier(target), list, list,
                       quote_identifier(source));
}

std::string target_facts(std::string_view table) {
    return "SELECT currentDatabase(), engine, engine_full, dependencies_database, dependencies_table FROM "
           "system.tables WHERE database = currentDatabase() AND name = " +
           quote_string(table);
}

std::string session_settings() {
    return "SELECT name, value FROM system.settings WHERE name IN ('readonly', 'allow_ddl', "
           "'insert_deduplication_token', 'max_insert_block_size')";
}

std::string cluster_shards(std::string_view cluster) {
    return "SELECT uniqExact(shard_num) FROM system.clusters WHERE cluster = " + quote_string(cluster);
}

std::string create_staging(std::string_view staging, std::string_view target,
                           std::string_view engine_clause) {
    return fmt::format("CREATE TABLE {} AS {} ENGINE = {}", quote_identifier(staging),
                       quote_identifier(target), engine_clause);
}

std::string stop_merges(std::string_view table) {
    return "SYSTEM STOP MERGES " + quote_identifier(table);
}

std::string partition_rows(std::string_view table) {
    return "SELECT partition_id, sum(rows) FROM system.parts WHERE database = currentDatabase() AND table "
           "= " +
           quote_string(table) + " AND active GROUP BY partition_id ORDER BY partition_id";
}

std::string replace_partition(std::string_view target, std::string_view partition_id,
                              std::string_view staging) {
    return fmt::format("ALTER TABLE {} REPLACE PARTITION ID {} FROM {}", quote_identifier(target),
                       quote_string(partition_id), quote_identifier(staging));
}

std::string drop_partition(std::string_view target, std::string_view partition_id) {
    return fmt::format("ALTER TABLE {} DROP PARTITION ID {}", quote_identifier(target),
                       quote_string(partition_id));
}

std::string truncate(std::string_view table) {
    return "TRUNCATE TABLE " + quote_identifier(table);
}

std::string leftover_tables(std::string_view prefix) {
    return "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, " +
           quote_string(prefix) +
           ") AND metadata_modification_time < now() - 60 AND name NOT IN (SELECT table FROM system.parts "
           "WHERE database = currentDatabase() AND startsWith(table, " +
           quote_string(prefix) + ") AND modification_time >= now() - 60)";
}

std::string queries_using(std::string_view name) {
    const std::size_t half = name.size() / 2;
    return fmt::format("SELECT count() FROM system.processes WHERE position(query, concat({}, {})) > 0",
                       quote_string(name.substr(0, half)), quote_string(name.substr(half)));
}

} // namespace ferry::clickhouse::load_sql
