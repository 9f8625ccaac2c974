#include "pipeline/staging_copy.h"

#include <fmt/format.h>

#include "clickhouse/load_sql.h"
#include "common/error.h"

namespace ferry::pipeline {

using clickhouse::EngineRole;
namespace load_sql = clickhouse::load_sql;

std::optional<std::uint64_t> StagingCopy::count_target() {
    const bool countable = facts_.role == EngineRole::MergeTree ||
                           (facts_.role == EngineRole::LocalStore && facts_.engine != "Null" &&
                            facts_.engine != "Set" && facts_.engine != "Join") ||
                           facts_.engine == "Distributed" || facts_.engine == "Buffer";
    if (!countable) {
        return std::nullopt;
    }
    try {
        return std::stoull(client_.query(load_sql::count_rows(facts_.table) + " FORMAT TabSeparated"));
    } catch (...) {
        return std::nullopt;
    }
}

void StagingCopy::commit(const std::vector<std::string>& columns, std::uint64_t rows) {
    const auto staged = staging_->count();
    if (staged != rows) {
        throw Error(ErrorKind::Internal,
                    fmt::format("sent {} rows but the server staged {}; nothing was loaded", rows, staged));
    }
    if (mode_ == LoadMode::Replace) {
        client_.query(load_sql::truncate(facts_.table));
    }
    clickhouse::Settings settings;
    if (facts_.engine == "Distributed") {
        // Synchronous: the INSERT returns once every shard has its rows, and a shard's error fails it.
        settings.emplace("insert_distributed_sync", "1");
    }
    const auto before = count_target();
    try {
        staging_->copy_into(facts_.table, columns, settings);
    } catch (const Error& error) {
        // ClickHouse does not roll back a failed INSERT ... SELECT: say what is in the target now.
        const auto after = count_target();
        std::string state = "an unknown number of rows may be in it";
        if (before && after) {
            committed_ = *after >= *before ? *after - *before : 0;
            state = fmt::format("{} of {} rows are in it now (counted before and after)", committed_, rows);
        }
        throw Error(error.kind(),
                    fmt::format("{} (copying the checked rows into '{}' failed; {})", error.what(), facts_.table,
                                state),
                    error.context());
    }
    committed_ = rows;
}

} // namespace ferry::pipeline
