#pragma once
/// The two ends of a preview or a transfer as the API describes them, and their translation into the
/// pipeline's requests (file names resolved inside the data directory).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clickhouse/connection.h"
#include "clickhouse/join.h"
#include "pipeline/file_sniff.h"
#include "pipeline/job_registry.h"
#include "pipeline/transfer.h"

namespace ferry::server {

class DataDir;

/// `{"kind": "clickhouse", "connection", "table", "join"?, "create"?}`
struct ClickHouseEndpoint {
    pipeline::LoadMode mode = pipeline::LoadMode::Append;
    clickhouse::Connection connection;
    std::string table;
    std::vector<clickhouse::Join> joins;
    clickhouse::JoinDefaults join_defaults = clickhouse::JoinDefaults::Sql; ///< "join_defaults": "sql"|"clickhouse"
    bool create = false;
    pipeline::OnError on_error = pipeline::OnError::Abort; ///< import targets: what to do with bad rows
    std::uint64_t max_errors = 0;                          ///< with Skip: more rejected rows fail the import
    pipeline::NewTable new_table;                          ///< import targets with create: schema, order_by...
    std::map<std::string, std::string> column_map;         ///< import targets: file column -> table column
};

/// `{"kind": "file", "path", "delimiter"?, "header"?, "quote"?, "encoding"?, "skip_lines"?, "decimal_comma"?}`;
/// each dialect field left out is sniffed for files that are read (exports use the defaults). Import sources
/// may give `"paths": [...]` instead of `path` (several files, one job; each sniffed on its own); export
/// targets also `"split_rows"?, "split_bytes"?, "partition_by"?, "parallel"?` (pipeline::ExportSplit).
struct FileEndpoint {
    std::string path;               ///< relative to the data directory, not yet checked
    std::vector<std::string> paths; ///< import sources: several files loaded as one job (`path` = first)
    std::string delimiter; ///< as parse_delimiter accepts; empty = sniffed (exports: from the extension)
    std::optional<bool> header;
    std::string quote;    ///< one character; empty = sniffed
    std::string encoding; ///< as parse_text_encoding accepts; empty = sniffed
    std::optional<std::size_t> skip_lines;
    std::optional<bool> decimal_comma;
    std::optional<std::string> escape; ///< as parse_escape accepts ("none" or a character); absent = sniffed
    std::optional<std::string> comment; ///< as parse_comment accepts ("none" or a character); absent = sniffed
    std::string ragged; ///< "pad" or "error" (empty: error); never sniffed
    std::string quotes; ///< "lenient" or "strict" (empty: strict); never sniffed
    bool trim = false;  ///< drop spaces at the start of fields
    std::string repeated_headers; ///< "skip" (empty: skip) or "keep": rows identical to the header load as data
    pipeline::ExportSplit split;
};

using Endpoint = std::variant<ClickHouseEndpoint, FileEndpoint>;

/// A file endpoint as a FileSpec with a safe absolute path. With `must_exist`, HttpError(404) when the
/// file is missing.
pipeline::FileSpec to_file_spec(const FileEndpoint& file, const DataDir& data_dir, bool must_exist);
/// A file that is read (`must_exist`), sniffed with the endpoint's fields as the user's choices.
/// `for_schema`: see pipeline::sniff_file's stream_long_records.
pipeline::SniffedFile sniff_endpoint(const FileEndpoint& file, const DataDir& data_dir, bool for_schema = false);
pipeline::TableSource to_table_source(const ClickHouseEndpoint& endpoint);

/// file -> clickhouse is an import, clickhouse -> file an export; anything else is HttpError(400).
pipeline::JobRequest to_job_request(const Endpoint& source, const Endpoint& target,
                                    const std::vector<std::string>& columns, const DataDir& data_dir);

} // namespace ferry::server
