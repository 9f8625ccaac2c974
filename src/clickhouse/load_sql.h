#pragma once
/// The statements an import sends to load and commit rows, without a connection, so each can be run on
/// any server version (the modern lane runs them in the ClickHouse 26.5 engine, the integration tests on
/// 18.16). Identifiers are quoted, values are literals: nothing is spliced.
///
/// These are the statements of today's commit path (pipeline/import_job.cpp, pipeline/staging_table.cpp):
/// create the target from the file's schema, create a staging copy of it, insert into the staging table,
/// count what it holds, then attach its partitions to the target (MergeTree family) or copy its rows with
/// INSERT ... SELECT, and drop it; plus the search for leftover staging tables of crashed runs.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::clickhouse::load_sql {

/// CREATE TABLE IF NOT EXISTS `table` (`c` Type, ...) ENGINE = MergeTree ORDER BY tuple()
std::string create_table(std::string_view table,
                         const std::vector<std::pair<std::string, std::string>>& columns);
/// CREATE TABLE `staging` AS `target`: same columns, engine, partitioning and settings.
std::string create_staging(std::string_view staging, std::string_view target);
std::string drop_table(std::string_view table);
/// INSERT INTO `table` (`a`, `b`) FORMAT <format>; the rows follow in the request body.
std::string insert(std::string_view table, const std::vector<std::string>& columns, std::string_view format);
/// SELECT count() FROM `table`
std::string count_rows(std::string_view table);

/// The engine of `table` in the connection's database ("" when there is no such table).
std::string table_engine(std::string_view table);
/// The partition ids of `table`'s active parts, one per line.
std::string active_partitions(std::string_view table);
/// ALTER TABLE `target` ATTACH PARTITION ID '<id>' FROM `staging`: moves no data (hard links).
std::string attach_partition(std::string_view target, std::string_view partition_id,
                             std::string_view staging);
/// INSERT INTO `target` (cols) SELECT cols FROM `source`: the commit for engines without partitions.
std::string insert_select(std::string_view target, std::string_view source,
                          const std::vector<std::string>& columns);

// The load strategies of pipeline/load_strategy.h (staging_attach, staging_copy, direct) and the facts they
// are chosen from (clickhouse/target_facts.h):

/// The target's facts: currentDatabase(), engine, engine_full, dependencies_database, dependencies_table
/// (the materialized views fed by the table) from system.tables.
std::string target_facts(std::string_view table);
/// The session's rights and the insert_deduplication_token probe: name, value of readonly, allow_ddl,
/// insert_deduplication_token (present on 22.x+) and max_insert_block_size from system.settings.
std::string session_settings();
/// uniqExact(shard_num) of `cluster` in system.clusters.
std::string cluster_shards(std::string_view cluster);
/// CREATE TABLE `staging` AS `target` ENGINE = <engine_clause>: the target's columns in a private table
/// (the clause from private_engine_clause(), or a plain MergeTree for staging_copy).
std::string create_staging(std::string_view staging, std::string_view target, std::string_view engine_clause);
/// SYSTEM STOP MERGES `table`: keeps a staging table's row count exact for collapsing engines.
std::string stop_merges(std::string_view table);
/// partition_id, sum(rows) of `table`'s active parts, by partition id.
std::string partition_rows(std::string_view table);
/// ALTER TABLE `target` REPLACE PARTITION ID '<id>' FROM `staging` (--mode replace, one partition at once).
std::string replace_partition(std::string_view target, std::string_view partition_id,
                              std::string_view staging);
/// ALTER TABLE `target` DROP PARTITION ID '<id>' (--mode replace: partitions the file has no rows for).
std::string drop_partition(std::string_view target, std::string_view partition_id);
/// TRUNCATE TABLE `table` (--mode replace of tables without partitions).
std::string truncate(std::string_view table);

/// Staging tables (names starting with `prefix`) idle for over a minute: created more than a minute ago and
/// given no part since. Age alone is not enough: another import that has run for longer than a minute still
/// owns its table and writes a part with every batch (a load test's eight jobs lost one that way).
std::string leftover_tables(std::string_view prefix);
/// count() of running queries whose text mentions `name` (searched for in two halves, so that this
/// query's own text does not match).
std::string queries_using(std::string_view name);

} // namespace ferry::clickhouse::load_sql
