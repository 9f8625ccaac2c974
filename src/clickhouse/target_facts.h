#pragma once
/// What the server says about a load target: its engine, the materialized views it feeds, where a
/// Distributed table writes, and what the user may do. The load strategy is chosen from these facts
/// (pipeline/load_plan.h), never from a version number.

#include <cstdint>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/table_engine.h"

namespace ferry::clickhouse {

struct TargetFacts {
    std::string database;
    std::string table;
    bool exists = false;
    std::string engine;      ///< system.tables.engine, e.g. "ReplicatedMergeTree"
    std::string engine_full; ///< the engine clause with its keys and settings
    EngineRole role = EngineRole::MergeTree;
    /// Materialized views that a plain INSERT INTO the target fires ("db.view").
    std::vector<std::string> views;
    /// Distributed only: shards of its cluster, and whether it has a sharding key (a Distributed table
    /// over several shards without one refuses INSERT).
    std::uint64_t shards = 0;
    bool sharding_key = false;
    bool can_create_tables = true; ///< readonly = 0 and allow_ddl = 1 (grants are found by trying)
    bool can_insert = true;        ///< readonly = 0
    bool has_deduplication_token = false; ///< the server knows insert_deduplication_token (22.2+)
    std::uint64_t max_insert_block_size = 1048576;
};

/// Reads the facts of `table` in the connection's database: one query on system.tables, one on
/// system.settings, and for a Distributed table one on system.clusters.
TargetFacts read_target_facts(HttpClient& client, const std::string& table);

} // namespace ferry::clickhouse
