#pragma once
/// Before an export: how many rows a join returns, and which joined tables repeat a key (a fan-out that
/// multiplies rows). Cheap queries with a time limit: on huge tables the count is skipped with a note
/// rather than holding up the preview.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/join_support.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

struct FanOut {
    std::string table;             ///< the joined table
    std::vector<std::string> keys; ///< its key columns in that join
    std::uint64_t max_rows_per_key = 0;
};

struct JoinHint {
    std::optional<std::uint64_t> rows; ///< what the join returns; nullopt when not counted (see note)
    std::vector<FanOut> fan_out;       ///< joined tables whose key is not unique (ALL joins only)
    std::string note;                  ///< why something was not counted; empty when all was
};

/// One count() of the join and, per ALL join, the largest number of rows one key has in the joined table
/// (NULL keys left out: they match nothing). Each query may run `seconds_per_query` seconds
/// (max_execution_time); one that runs out is noted and the rest still run.
JoinHint join_hint(clickhouse::HttpClient& client, const TableSource& source, const std::vector<std::string>& columns,
                   const clickhouse::JoinSupport& support, unsigned seconds_per_query = 3);

/// "3 rows; customers repeats a key (up to 2 rows per customers.id): rows multiply" for the CLI.
std::string describe(const JoinHint& hint);

} // namespace ferry::pipeline
