#pragma once
/// A private table that an import fills before anything reaches the target: `AS target` for the columns,
/// with an engine Ferry chooses (pipeline/load_plan.h), never the target's own when that would write
/// elsewhere or join a replication group. Dropped when this object goes away, whatever happened.

#include <cstdint>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"

namespace ferry::pipeline {

class StagingTable {
public:
    /// Creates `_ferry_staging_<random>` with the columns of `target` and `ENGINE = engine_clause` in the
    /// connection's database.
    StagingTable(clickhouse::HttpClient& client, const std::string& target, const std::string& engine_clause);
    ~StagingTable();
    StagingTable(const StagingTable&) = delete;
    StagingTable& operator=(const StagingTable&) = delete;

    const std::string& name() const { return name_; }
    /// Rows it holds now.
    std::uint64_t count();
    /// Stops background merges, so engines that collapse rows (Replacing, Summing, ...) keep every staged
    /// row until it is counted and attached. False when the user may not (the count is then not checked).
    bool stop_merges();
    /// INSERT INTO target (columns) SELECT columns FROM this table: one server-side INSERT, which fires the
    /// target's materialized views exactly as a client's INSERT does.
    void copy_into(const std::string& target, const std::vector<std::string>& columns,
                   const clickhouse::Settings& settings = {});

    /// Drops staging tables left by imports that died with the server or the process: those older than a
    /// minute that no running query uses (another import may be filling its own right now).
    static void drop_leftovers(clickhouse::HttpClient& client);

    /// Prefix shared by all staging tables, so leftovers from a crashed run can be found and dropped. The
    /// target's name is not part of the name, so Merge tables and merge() over the target's name never
    /// read a staging table.
    static constexpr const char* kPrefix = "_ferry_staging_";

private:
    clickhouse::HttpClient& client_;
    std::string name_;
};

} // namespace ferry::pipeline
