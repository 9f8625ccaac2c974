#pragma once
/// Moving data: file -> ClickHouse (import) and ClickHouse (a table or a join) -> file (export). Both stream
/// in bounded batches, report progress through a shared Progress, poll a CancelToken, and throw ferry::Error.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "clickhouse/connection.h"
#include "clickhouse/join.h"
#include "common/cancel.h"
#include "formats/dialect.h"
#include "formats/type_detector.h"

namespace ferry::pipeline {

/// What a transfer is doing, as shown in the UI's status area.
enum class Phase { Queued, Connecting, Fetching, Ingesting, Completed, Failed, Cancelled };
std::string_view to_string(Phase phase);

/// Shared between the transfer (writer) and observers on other threads (readers).
struct Progress {
    std::atomic<Phase> phase{Phase::Queued};
    std::atomic<std::uint64_t> rows{0};
    std::atomic<std::uint64_t> bytes{0};       ///< file bytes read (import) or written (export)
    std::atomic<std::uint64_t> total_bytes{0}; ///< file size for imports; 0 when unknown
    std::atomic<std::uint64_t> rejected{0};
};

struct FileSpec {
    std::filesystem::path path;
    formats::Dialect dialect;
    /// Per file column (by position), how values convert before encoding (from the sniffer); empty means
    /// as-is. See formats/value_normalizer.h.
    std::vector<formats::ValueFormat> value_formats;
    /// What Ferry would try instead when the dialect in use looks wrong ("the file looks
    /// semicolon-delimited: try --delimiter semicolon"); added to parse errors.
    std::string suggestion;
};

/// A ClickHouse source: one table, optionally joined with others.
struct TableSource {
    std::string table;
    std::vector<clickhouse::Join> joins;
};

/// What an import does with a row it cannot load.
enum class OnError {
    Abort, ///< load nothing (the default): the target keeps exactly the rows it had
    Skip,  ///< load the good rows; write each rejected one, with its line and reason, to `rejects`
};

struct ImportRequest {
    clickhouse::Connection connection;
    FileSpec file;
    std::string table;
    std::vector<std::string> columns; ///< header names to load; empty means all
    bool create = false;              ///< create the table from the inferred schema if it does not exist
    OnError on_error = OnError::Abort;
    std::uint64_t max_errors = 0;  ///< with Skip: more rejected rows than this fails the import; 0 = no limit
    std::filesystem::path rejects; ///< with Skip: where rejected rows go (default: <file>.rejects.csv)
};

struct ExportRequest {
    clickhouse::Connection connection;
    TableSource source;
    std::vector<std::string> columns; ///< "t.a" or "a"; empty means all
    FileSpec file;
};

struct TransferResult {
    std::uint64_t rows = 0;     ///< rows loaded or written
    std::uint64_t rejected = 0; ///< rows skipped by OnError::Skip
    std::uint64_t bytes = 0;
    double seconds = 0;
};

/// All-or-nothing: rows go to a staging table and move to the target only when every row loaded, so on any
/// failure the target keeps exactly the rows it had. Errors name the line, column and value.
TransferResult run_import(const ImportRequest& request, Progress& progress, const CancelToken& cancel);
/// Atomic: writes a temporary file beside the target and renames it only on success.
TransferResult run_export(const ExportRequest& request, Progress& progress, const CancelToken& cancel);

} // namespace ferry::pipeline
