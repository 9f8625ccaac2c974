#pragma once
/// Moving data: file -> ClickHouse (import) and ClickHouse (a table or a join) -> file (export). Both stream
/// in bounded batches, report progress through a shared Progress, poll a CancelToken, and throw ferry::Error.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "clickhouse/connection.h"
#include "clickhouse/join.h"
#include "common/cancel.h"
#include "formats/dialect.h"
#include "formats/repeated_header.h"
#include "pipeline/load_plan.h"
#include "io/compression.h"
#include "formats/type_detector.h"

namespace ferry::pipeline {

/// What a transfer is doing, as shown in the UI's status area.
enum class Phase { Queued, Connecting, Fetching, Ingesting, Completed, Failed, Cancelled };
std::string_view to_string(Phase phase);

/// The file a multi-file import reads or a split export writes right now ("file 3 of 40: b.csv"). A path
/// cannot be atomic, so it has its own lock; it changes once per file, not per row.
class CurrentFile {
public:
    void set(std::filesystem::path path) {
        std::lock_guard lock(mutex_);
        path_ = std::move(path);
    }
    std::filesystem::path get() const {
        std::lock_guard lock(mutex_);
        return path_;
    }

private:
    mutable std::mutex mutex_;
    std::filesystem::path path_;
};

/// Shared between the transfer (writer) and observers on other threads (readers).
struct Progress {
    std::atomic<Phase> phase{Phase::Queued};
    std::atomic<std::uint64_t> rows{0};
    std::atomic<std::uint64_t> bytes{0};       ///< file bytes read (import) or written (export)
    std::atomic<std::uint64_t> total_bytes{0}; ///< file size for imports; 0 when unknown
    std::atomic<std::uint64_t> rejected{0};
    /// `create` in skip mode: sampled rows that did not parse, left out of the inferred types.
    std::atomic<std::uint64_t> inference_skipped{0};
    /// Records identical to the header, left out of an import (formats/repeated_header.h).
    std::atomic<std::uint64_t> repeated_headers{0};
    std::atomic<std::uint64_t> files_done{0};  ///< multi-file imports, split exports
    std::atomic<std::uint64_t> files_total{0}; ///< 0 when not known (yet; a split export knows at the end)
    CurrentFile current_file;                  ///< empty until the first file is opened
    std::atomic<std::uint64_t> committed{0}; ///< rows of this import that are in the target now
    std::atomic<StrategyKind> strategy{StrategyKind::None};
    std::atomic<bool> atomic{true}; ///< the chosen strategy leaves the target unchanged on failure
    std::atomic<std::uint64_t> wire_bytes{0}; ///< body bytes on the wire (compressed where a codec is used)
    std::atomic<io::Compression> codec{io::Compression::None}; ///< of the bulk transfer, once chosen
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
    /// Rows without a match get NULL (SQL) or the type's default in the other side's columns.
    clickhouse::JoinDefaults join_defaults = clickhouse::JoinDefaults::Sql;
};

/// What an import does with a row it cannot load.
enum class OnError {
    Abort, ///< load nothing (the default): the target keeps exactly the rows it had
    Skip,  ///< load the good rows; write each rejected one, with its line and reason, to `rejects`
};

/// How `create` makes a missing table (see clickhouse/create_table_sql.h). Everything is optional.
struct NewTable {
    struct Column {
        std::string file_column; ///< the header name (or c1, c2... without a header) it is loaded from
        std::string name;        ///< its name in the table
        std::string type;        ///< its ClickHouse type
    };
    std::vector<Column> schema;        ///< empty = every file column, with the inferred type
    std::vector<std::string> order_by; ///< table column names; empty = no sorting key
    std::string partition_by;          ///< an expression; empty = none
    std::string engine;                ///< empty = MergeTree
};

struct ImportRequest {
    clickhouse::Connection connection;
    FileSpec file;                ///< the file to load, or the first of `files`
    std::vector<FileSpec> files;  ///< several files loaded as one job (all or nothing); empty: just `file`
    std::string table;
    std::vector<std::string> columns; ///< header names to load; empty means all
    bool create = false;              ///< create the table from the inferred schema if it does not exist
    LoadMode mode = LoadMode::Append;
    /// Told the chosen plan before the first row is sent (the CLI prints it and its warning).
    std::function<void(const LoadPlan&)> on_plan;
    /// With `create`: told each note the type inference has about a column ("amount: String because of line
    /// 57 ('n/a'); ..."), before the table is created (the CLI prints them).
    std::function<void(const std::string&)> on_inference_note;
    OnError on_error = OnError::Abort;
    std::uint64_t max_errors = 0;  ///< with Skip: more rejected rows than this fails the import; 0 = no limit
    std::filesystem::path rejects; ///< with Skip: where rejected rows go (default: <file>.rejects.csv)
    NewTable new_table;            ///< with `create`: the table's layout
    /// File column -> table column, overriding the match by name (see column_mapping.h).
    std::map<std::string, std::string> column_map;
};

/// How an export is cut into several files (see pipeline/export_plan.h). All zero/empty: one file.
struct ExportSplit {
    std::uint64_t rows = 0;   ///< start a new file after this many rows
    std::uint64_t bytes = 0;  ///< ... or once a file holds this many bytes of CSV (before compression)
    std::string partition_by; ///< ClickHouse expression: one file (or series) per value
    unsigned parallel = 1;    ///< queries run at once (partitions, or ranges of a MergeTree table)
    bool any() const { return rows > 0 || bytes > 0 || !partition_by.empty(); }
};

struct ExportRequest {
    clickhouse::Connection connection;
    TableSource source;
    std::vector<std::string> columns; ///< "t.a" or "a"; empty means all
    FileSpec file;
    ExportSplit split;
};

struct TransferResult {
    std::uint64_t rows = 0;     ///< rows loaded or written
    std::uint64_t rejected = 0; ///< rows skipped by OnError::Skip: rows + rejected = records read
    std::uint64_t inference_skipped = 0; ///< `create` in skip mode: sampled rows left out of the types
    /// Imports: records identical to the header that were left out (not rows, not rejected).
    formats::RepeatedHeaders repeated_headers{};
    std::uint64_t bytes = 0;
    double seconds = 0;
    std::uint64_t files = 0;        ///< files written; 0 for an unsplit export (one file)
    std::filesystem::path manifest{}; ///< split/partitioned exports: NAME.manifest.json
    LoadPlan plan{}; ///< imports: how the rows were committed
    std::uint64_t wire_bytes = 0;      ///< body bytes sent and received (compressed where a codec was used)
    io::Compression codec = io::Compression::None; ///< of the bulk transfer
};

/// Loads a file with the strategy that load_plan.h chooses for the target: all-or-nothing where ClickHouse
/// can give that, else every row checked before anything is written. Errors name the line, column and
/// value; Progress::committed says what is in the target after a failure.
TransferResult run_import(const ImportRequest& request, Progress& progress, const CancelToken& cancel);
/// Atomic: writes a temporary file beside the target and renames it only on success.
TransferResult run_export(const ExportRequest& request, Progress& progress, const CancelToken& cancel);

} // namespace ferry::pipeline
