#pragma once
/// A temporary copy of a target table's structure that an import fills first. Rows move to the target in
/// one INSERT ... SELECT only when every row loaded, so a failed import leaves the target untouched. The
/// table is dropped when this object goes away, whatever happened.

#include <string>
#include <vector>

#include "clickhouse/http_client.h"

namespace ferry::pipeline {

class StagingTable {
public:
    /// Creates `_ferry_staging_<target>_<random>` AS `target` in the connection's database.
    StagingTable(clickhouse::HttpClient& client, const std::string& target);
    ~StagingTable();
    StagingTable(const StagingTable&) = delete;
    StagingTable& operator=(const StagingTable&) = delete;

    const std::string& name() const { return name_; }
    /// Moves the loaded rows into the target. For the MergeTree family the staging table's parts are
    /// attached to the target (ATTACH PARTITION ... FROM: no data is rewritten, one step per partition);
    /// otherwise INSERT INTO target (columns) SELECT columns FROM staging.
    void move_rows_to_target(const std::vector<std::string>& columns);

    /// Drops staging tables left by imports that died with the server or the process: those older than a
    /// minute that no running query uses (another import may be filling its own right now).
    static void drop_leftovers(clickhouse::HttpClient& client);

    /// Prefix shared by all staging tables, so leftovers from a crashed run can be found and dropped.
    static constexpr const char* kPrefix = "_ferry_staging_";

private:
    bool attach_parts_to_target();

    clickhouse::HttpClient& client_;
    std::string target_;
    std::string name_;
};

} // namespace ferry::pipeline
