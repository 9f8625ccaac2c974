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
/// `{"strategy", "atomic", "note", "warning"}` (warning null when the load is all-or-nothing).
std::string load_plan_json(const pipeline::LoadPlan& plan);
/// `{"columns": [{"name", "type", "format"?, "note"?}], "dialect", "detected", "warning", "bad_rows"}`: a
/// sniffed file (docs/api.md, POST /api/file/schema).
std::string sniffed_schema_json(const formats::SniffResult& result);
/// `{"delimiter", "quote", "header", "skip_lines", "encoding", "decimal_comma", "confidence"}`
boost::json::object dialect_json(const formats::Dialect& dialect, double confidence);
/// `{"columns": ["a", ...], "rows": [["1", null], ...], "bad_rows": [{"line", "reason"}]}`
std::string preview_json(const pipeline::PreviewTable& table);
/// `{"id"}`
std::string job_created_json(std::string_view id);
/// A job's record: the job object of the API (id, kind, status, phase, counts, times, strategy, columns,
/// source with the input's fingerprint, target, error when it failed) plus its "revision" (see
/// JobStore::put). File paths are relative to the data directory; connections carry no secrets.
boost::json::object job_record(const pipeline::JobSnapshot& job, const DataDir& data_dir);
/// A record as the API shows it (without "revision").
boost::json::object job_view(boost::json::object record);
std::string job_json(const boost::json::object& record);
/// `{"jobs": [...]}`
std::string jobs_json(const std::vector<boost::json::object>& records);
/// `{"error": {"kind": "conflict", "message", "previous_job"?}}`
std::string conflict_json(std::string_view message, const boost::json::object* previous_job);
/// `{"files": [{"name", "size", "modified"}]}`, modified as "2024-05-01T12:00:00Z"
std::string files_json(const std::vector<FileEntry>& files);
/// `{"name", "size", "modified"}`
std::string file_json(const FileEntry& file);

} // namespace ferry::server
