#pragma once
/// Structs -> JSON response bodies. Connections are written without password or token.

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/catalog.h"
#include "common/error.h"
#include "formats/schema_sniffer.h"
#include "formats/sniffer/sniffer.h"
#include "pipeline/job_registry.h"
#include "pipeline/preview.h"

namespace ferry::server {

class DataDir;
struct FileEntry;

/// `{"error": {"kind", "message"}}`
std::string error_json(ErrorKind kind, std::string_view message);
/// `{"tables": [{"name", "engine", "rows"}]}`, rows null when unknown
std::string tables_json(const std::vector<clickhouse::TableInfo>& tables);
/// `{"columns": [{"name", "type"}]}`
std::string columns_json(const std::vector<clickhouse::ColumnInfo>& columns);
std::string schema_json(const std::vector<formats::ColumnSchema>& columns);
/// `{"columns": [{"name", "type", "format"?, "note"?}], "dialect", "detected", "warning", "bad_rows"}`: a
/// sniffed file (docs/api.md, POST /api/file/schema).
std::string sniffed_schema_json(const formats::SniffResult& result);
/// `{"delimiter", "quote", "header", "skip_lines", "encoding", "decimal_comma", "confidence"}`
boost::json::object dialect_json(const formats::Dialect& dialect, double confidence);
/// `{"columns": ["a", ...], "rows": [["1", null], ...]}`
std::string preview_json(const pipeline::PreviewTable& table);
/// `{"id"}`
std::string job_created_json(std::string_view id);
/// One job: id, kind, status, phase, rows, bytes, total_bytes, seconds, created, columns, source, target,
/// and error when it failed. File paths are shown relative to the data directory.
std::string job_json(const pipeline::JobSnapshot& job, const DataDir& data_dir);
/// `{"jobs": [...]}`
std::string jobs_json(const std::vector<pipeline::JobSnapshot>& jobs, const DataDir& data_dir);
/// `{"files": [{"name", "size", "modified"}]}`, modified as "2024-05-01T12:00:00Z"
std::string files_json(const std::vector<FileEntry>& files);
/// `{"name", "size", "modified"}`
std::string file_json(const FileEntry& file);

} // namespace ferry::server
