#pragma once
/// What a table engine means for a load, read from its name and its `engine_full` clause alone (no server
/// round trip), so the rules are unit-tested without a server. The load strategy is chosen from these
/// facts; nothing else in Ferry switches on engine names.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::clickhouse {

enum class EngineRole {
    MergeTree,   ///< MergeTree family (plain, Replicated*, Shared*): stores parts, can take attached parts
    LocalStore,  ///< stores rows itself but has no parts: Memory, Log, TinyLog, StripeLog, Set, Join, Null
    Proxy,       ///< writes go elsewhere: Distributed, Buffer, Kafka, URL, File, MySQL, ... (insertable)
    ReadOnly,    ///< cannot be a load target: View, MaterializedView, LiveView, Merge, Dictionary, system
};

/// The role of engine `engine` (system.tables.engine) for a table in database `database`.
EngineRole engine_role(std::string_view engine, std::string_view database = {});

/// True for ReplicatedMergeTree & co. and ClickHouse Cloud's SharedMergeTree & co.
bool is_replicated_engine(std::string_view engine);

/// The top-level arguments of the first parenthesised list in `clause` ("Distributed(c, db, t, rand())"
/// -> {"c", "db", "t", "rand()"}); quotes and nested parentheses are respected. Empty without a list.
std::vector<std::string> engine_arguments(std::string_view clause);

/// The `engine_full` clause of a table that stores like `engine_full` but privately: Replicated*/Shared*
/// become their plain MergeTree counterpart without the coordination path and replica name, so a staging
/// table never joins the target's replication group. nullopt when the clause cannot be rewritten safely.
std::optional<std::string> private_engine_clause(std::string_view engine_full);

} // namespace ferry::clickhouse
