#pragma once
/// ClickHouse -> a series of files: `--split-rows`/`--split-bytes` cut the result into numbered files,
/// `--partition-by EXPR` writes one file (or numbered series) per value of the expression, `--parallel N`
/// runs up to N of the queries at once. The work is cut into units, each one SELECT streamed into one
/// SplitFileSink: one unit per partition value, or, for a parallel export of a MergeTree table, one per
/// group of its data parts (`_part IN (...)`), else a single unit.
///
/// Exactness: every unit knows beforehand how many rows it must deliver (partition values come from one
/// `GROUP BY` with `count()`, part groups from system.parts) and the export fails if a unit delivers
/// another number - the table changed while it was read - rather than write a series that is not the
/// table. Atomicity: files stay under temporary names until every unit finished (FileSeries).

#include <mutex>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/join_support.h"
#include "pipeline/export_answer.h"
#include "pipeline/file_series.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

class SeriesExport {
public:
    SeriesExport(const ExportRequest& request, Progress& progress, const CancelToken& cancel)
        : request_(request), progress_(progress), cancel_(cancel) {}

    TransferResult run();

    /// One SELECT and where its rows go.
    struct Unit {
        std::string sql;
        std::string partition_key;   ///< the value escaped as TSV (NULL is \N); empty when unpartitioned
        std::uint64_t expected_rows; ///< the rows this unit must deliver
        bool checked = false;        ///< expected_rows is known
        std::string what;            ///< names the unit in an error ("partition 202401", "parts 1 to 3")
    };

private:
    clickhouse::JoinSupport join_support_; ///< probed in run() when the source has joins
    ExportColumns answer_columns_;         ///< how the units read their rows (export_answer.h)
    std::vector<Unit> plan(clickhouse::HttpClient& client, FileSeries& series) const;
    std::vector<Unit> partition_units(clickhouse::HttpClient& client, FileSeries& series) const;
    std::vector<Unit> part_units(clickhouse::HttpClient& client) const;
    /// Streams one unit into the series; returns the rows written.
    std::uint64_t run_unit(clickhouse::HttpClient& client, const Unit& unit, FileSeries& series,
                           const CancelToken& stop);
    void run_parallel(const std::vector<Unit>& units, FileSeries& series, unsigned streams);
    std::string manifest_members(const std::vector<std::string>& columns) const;

    const ExportRequest& request_;
    Progress& progress_;
    const CancelToken& cancel_;
    std::mutex columns_mutex_;
    std::vector<std::string> columns_; ///< header of the result, from the first unit
};

} // namespace ferry::pipeline
