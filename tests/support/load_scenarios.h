#pragma once
/// The statements of an import's load and commit (clickhouse/load_sql.h) as scenarios run by both the 18.16
/// integration tests and the ClickHouse 26.5 lane, with the same expected answers: create the target from a
/// file's schema, stage rows and attach the staging partitions, commit by INSERT ... SELECT, and the search
/// for leftover staging tables. Only types both versions have.

#include <functional>
#include <string>

namespace ferry::test {

/// How a scenario talks to a server: `query` returns a statement's TabSeparated answer; `insert` sends an
/// INSERT ... FORMAT statement with its body.
struct SqlRunner {
    std::function<std::string(const std::string& sql)> query;
    std::function<void(const std::string& sql, const std::string& body)> insert;
};

void create_table_from_schema(const SqlRunner& server);
void staging_then_attach_partitions(const SqlRunner& server);
void staging_then_insert_select(const SqlRunner& server);
void leftover_staging_queries(const SqlRunner& server);
/// staging_attach with --mode replace: the staging table in the target's private engine clause (from the
/// facts' engine_full), REPLACE PARTITION for the staged partitions, DROP PARTITION for the others.
void staging_replace_partitions(const SqlRunner& server);
/// staging_copy: the facts list the materialized view fed by the target; a plain MergeTree staging table;
/// TRUNCATE (--mode replace) and INSERT ... SELECT into the target fire the view once per row.
void staging_copy_fires_views(const SqlRunner& server);
/// The session's settings probe: readonly, allow_ddl, max_insert_block_size, and whether the server has
/// insert_deduplication_token (returned).
bool session_settings_probe(const SqlRunner& server);

} // namespace ferry::test
