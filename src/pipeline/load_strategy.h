#pragma once
/// The way an import's rows reach the target, one implementation per LoadPlan kind (load_plan.h): where
/// the rows are inserted, in how many INSERTs, and how they become visible in the target.
///
/// The import job drives every strategy the same way: prepare(), one or more INSERTs into
/// insert_table() (each at most rows_per_insert() rows, with insert_settings()), inserted() after each,
/// then commit(). committed() is exact at every point, also after a failure.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/target_facts.h"
#include "pipeline/load_plan.h"

namespace ferry::pipeline {

class LoadStrategy {
public:
    virtual ~LoadStrategy() = default;

    /// Creates what the rows go into first. May throw a permission error (see is_permission_error) before
    /// anything was written, so the caller can fall back to a plan without DDL.
    virtual void prepare() = 0;
    /// The table the INSERTs write into.
    virtual const std::string& insert_table() const = 0;
    /// Largest number of rows per INSERT; 0 = all rows in one INSERT.
    virtual std::uint64_t rows_per_insert() const { return 0; }
    /// Settings for INSERT number `index` (0-based).
    virtual clickhouse::Settings insert_settings(std::uint64_t index) const {
        (void)index;
        return {};
    }
    /// One INSERT of `rows` rows succeeded.
    virtual void inserted(std::uint64_t rows) { (void)rows; }
    /// Makes all `rows` inserted rows part of the target (`columns` are the loaded columns).
    virtual void commit(const std::vector<std::string>& columns, std::uint64_t rows) = 0;
    /// Rows of this load that are in the target now.
    virtual std::uint64_t committed() const = 0;
};

/// `load_key` names this load's input and target the same way on every run (file, size, modification
/// time, columns, table): the direct strategy derives its deduplication tokens from it, so a batch that
/// lands again after a fault is dropped by a deduplicating target.
std::unique_ptr<LoadStrategy> make_load_strategy(const LoadPlan& plan, LoadMode mode,
                                                 clickhouse::HttpClient& client,
                                                 const clickhouse::TargetFacts& facts,
                                                 const std::string& load_key);

/// The plan an import into `table` would use now (for showing before Start). A table that does not exist
/// yet is planned as the plain MergeTree table an import with `create` makes.
LoadPlan plan_for_table(clickhouse::HttpClient& client, const std::string& table, LoadMode mode);

/// True when `error` says the user may not run DDL (readonly, allow_ddl = 0, missing CREATE grant).
bool is_permission_error(const std::exception& error);

} // namespace ferry::pipeline
