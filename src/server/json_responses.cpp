#include "server/json_responses.h"

#include "common/utf8.h"
#include "io/wire_codec.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>

#include "pipeline/file_series.h"
#include "server/data_dir.h"

namespace ferry::server {

namespace json = boost::json;

namespace {

std::string iso_time(std::chrono::system_clock::time_point time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

/// "2024-05-01T12:00:00.123Z": milliseconds, so that jobs created in the same second still sort.
std::string iso_time_ms(std::chrono::system_clock::time_point time) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
    auto text = iso_time(time);
    text.insert(text.size() - 1, fmt::format(".{:03}", ms));
    return text;
}

json::value optional_time(const std::optional<std::chrono::system_clock::time_point>& time) {
    return time ? json::value(iso_time_ms(*time)) : json::value(nullptr);
}

json::object connection_json(const clickhouse::Connection& connection) {
    // Deliberately no password or jwt, even when set.
    return json::object{{"host", connection.host},
                        {"port", connection.port},
                        {"secure", connection.secure},
                        {"database", connection.database},
                        {"user", connection.user}};
}

std::string delimiter_text(char delimiter) {
    return delimiter == '\t' ? std::string("tab") : std::string(1, delimiter);
}

json::object file_endpoint_json(const pipeline::FileSpec& file, const DataDir& data_dir) {
    return json::object{{"kind", "file"},
                        {"path", data_dir.relative_name(file.path)},
                        {"delimiter", delimiter_text(file.dialect.delimiter)},
                        {"header", file.dialect.header}};
}

std::string column_ref_text(const clickhouse::ColumnRef& ref) {
    return ref.table.empty() ? ref.column : ref.table + "." + ref.column;
}

json::object table_endpoint_json(const clickhouse::Connection& connection, const std::string& table) {
    return json::object{
        {"kind", "clickhouse"}, {"connection", connection_json(connection)}, {"table", table}};
}

json::array strings_json(const std::vector<std::string>& values);

json::array joins_json(const std::vector<clickhouse::Join>& joins) {
    json::array out;
    for (const auto& join : joins) {
        json::array on;
        for (const auto& [left, right] : join.on) {
            on.push_back(
                json::array{json::string(column_ref_text(left)), json::string(column_ref_text(right))});
        }
        json::object item{{"table", join.table}, {"type", clickhouse::join_type_text(join)}, {"on", std::move(on)}};
        if (!join.using_columns.empty()) {
            item["using"] = strings_json(join.using_columns);
        }
        if (join.asof) {
            item["asof"] = json::array{json::string(column_ref_text(join.asof->left)), json::string(join.asof->op),
                                       json::string(column_ref_text(join.asof->right))};
        }
        out.push_back(std::move(item));
    }
    return out;
}

json::object fingerprint_json(const pipeline::FileFingerprint& fingerprint) {
    return json::object{{"size", fingerprint.size},
                        {"mtime_ns", fingerprint.modified_ns},
                        {"digest", fingerprint.digest}};
}

json::array strings_json(const std::vector<std::string>& values) {
    json::array out;
    for (const auto& value : values) {
        out.emplace_back(to_valid_utf8(value));
    }
    return out;
}

/// A manifest as JSON, or nothing when it cannot be read (removed since, not JSON).
std::optional<json::value> read_manifest(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code error;
    auto value = json::parse(text, error);
    if (error) {
        return std::nullopt;
    }
    return value;
}

json::object job_object(const pipeline::JobSnapshot& job, const DataDir& data_dir) {
    json::object out{{"id", job.id},
                     {"status", std::string(pipeline::to_string(job.status))},
                     {"phase", std::string(pipeline::to_string(job.phase))},
                     {"rows", job.rows},
                     {"rows_read", job.rows_read},
                     {"rows_committed", job.rows_committed},
                     {"bytes", job.bytes},
                     {"total_bytes", job.total_bytes},
                     {"rejected", job.rejected},
                     {"inference_skipped", job.inference_skipped},
                     {"repeated_headers", job.repeated_headers},
                     {"wire_bytes", job.wire_bytes},
                     {"codec", std::string(io::wire_name(job.codec))},
                     {"seconds", job.seconds},
                     {"created", iso_time_ms(job.created)},
                     {"started", optional_time(job.started_at)},
                     {"finished", optional_time(job.finished_at)},
                     {"strategy", job.load.strategy},
                     {"atomic", job.load.atomic},
                     {"files_done", job.files_done},
                     {"files_total", job.files_total}};
    if (job.current_file.empty()) {
        out["current_file"] = nullptr;
    } else {
        out["current_file"] = data_dir.relative_name(job.current_file);
    }
    out["owner"] = job.owner;
    if (const auto* import = std::get_if<pipeline::ImportRequest>(&job.request)) {
        out["kind"] = "import";
        out["columns"] = strings_json(import->columns);
        auto source = file_endpoint_json(import->file, data_dir);
        if (!job.fingerprints.empty()) {
            // "fingerprint" is the first file's (what records of a single file always had); the re-run guard
            // compares "fingerprints", one per input file.
            source["fingerprint"] = fingerprint_json(job.fingerprints.front());
            json::array fingerprints;
            for (const auto& fingerprint : job.fingerprints) {
                fingerprints.emplace_back(fingerprint_json(fingerprint));
            }
            source["fingerprints"] = std::move(fingerprints);
        }
        if (!import->files.empty()) {
            json::array paths;
            for (const auto& file : import->files) {
                paths.emplace_back(data_dir.relative_name(file.path));
            }
            source["paths"] = std::move(paths);
        }
        out["source"] = std::move(source);
        auto target = table_endpoint_json(import->connection, import->table);
        target["create"] = import->create;
        target["mode"] = import->mode == pipeline::LoadMode::Replace ? "replace" : "append";
        target["on_error"] = import->on_error == pipeline::OnError::Skip ? "skip" : "abort";
        if (import->on_error == pipeline::OnError::Skip) {
            target["max_errors"] = import->max_errors;
            target["rejects"] = data_dir.relative_name(import->rejects);
        }
        if (import->create) {
            json::array schema;
            for (const auto& column : import->new_table.schema) {
                schema.push_back(json::object{
                    {"file_column", column.file_column}, {"name", column.name}, {"type", column.type}});
            }
            target["schema"] = std::move(schema);
            target["order_by"] = strings_json(import->new_table.order_by);
            target["partition_by"] = import->new_table.partition_by;
            target["engine"] = import->new_table.engine.empty() ? "MergeTree" : import->new_table.engine;
        }
        json::object map;
        for (const auto& [from, to] : import->column_map) {
            map[from] = to;
        }
        target["map"] = std::move(map);
        out["target"] = std::move(target);
    } else {
        const auto& request = std::get<pipeline::ExportRequest>(job.request);
        out["kind"] = "export";
        out["columns"] = strings_json(request.columns);
        auto source = table_endpoint_json(request.connection, request.source.table);
        source["join"] = joins_json(request.source.joins);
        if (!request.source.joins.empty()) {
            source["join_defaults"] = std::string(clickhouse::to_string(request.source.join_defaults));
        }
        out["source"] = std::move(source);
        auto target = file_endpoint_json(request.file, data_dir);
        if (request.split.any()) {
            target["split_rows"] = request.split.rows;
            target["split_bytes"] = request.split.bytes;
            target["partition_by"] = request.split.partition_by;
            target["parallel"] = request.split.parallel;
            // A split export's files are listed by its manifest, shown once the export has committed it.
            const auto manifest = pipeline::manifest_path_for(request.file.path);
            out["manifest_path"] = data_dir.relative_name(manifest);
            if (job.status == pipeline::JobStatus::Completed) {
                if (auto listed = read_manifest(manifest)) {
                    out["manifest"] = std::move(*listed);
                }
            }
        }
        out["target"] = std::move(target);
    }
    if (job.error) {
        json::object error{{"kind", std::string(to_string(job.error->kind))}, {"message", job.error->message}};
        if (job.error->line) {
            error["line"] = *job.error->line;
        }
        if (!job.error->file.empty()) {
            error["file"] = data_dir.relative_name(job.error->file);
        }
        out["error"] = std::move(error);
    }
    out["revision"] = job.revision;
    return out;
}

json::object file_object(const FileEntry& file) {
    const auto modified = std::chrono::file_clock::to_sys(file.modified);
    return json::object{{"name", file.name},
                        {"size", file.size},
                        {"modified", iso_time(std::chrono::time_point_cast<std::chrono::seconds>(modified))}};
}

json::array name_type_array(const auto& columns) {
    json::array out;
    for (const auto& column : columns) {
        out.push_back(json::object{{"name", column.name}, {"type", column.type}});
    }
    return out;
}

} // namespace

std::string load_plan_json(const pipeline::LoadPlan& plan) {
    return json::serialize(json::object{
        {"strategy", std::string(pipeline::to_string(plan.kind))},
        {"atomic", plan.atomic},
        {"note", plan.note},
        {"warning", plan.warning.empty() ? json::value(nullptr) : json::value(plan.warning)}});
}

std::string error_json(ErrorKind kind, std::string_view message) {
    return json::serialize(
        json::object{{"error", json::object{{"kind", std::string(to_string(kind))}, {"message", message}}}});
}

std::string tables_json(const std::vector<clickhouse::TableInfo>& tables) {
    json::array out;
    for (const auto& table : tables) {
        json::object item{{"name", table.name}, {"engine", table.engine}};
        item["rows"] = table.rows ? json::value(*table.rows) : json::value(nullptr);
        out.push_back(std::move(item));
    }
    return json::serialize(json::object{{"tables", std::move(out)}});
}

std::string columns_json(const std::vector<clickhouse::ColumnInfo>& columns) {
    return json::serialize(json::object{{"columns", name_type_array(columns)}});
}

json::array bad_rows_json(const std::vector<formats::BadRow>& rows) {
    json::array out;
    for (const auto& row : rows) {
        out.push_back(json::object{{"line", row.line}, {"reason", to_valid_utf8(row.reason)}});
    }
    return out;
}

json::object dialect_json(const formats::Dialect& dialect, double confidence) {
    auto out = json::object{{"delimiter", delimiter_text(dialect.delimiter)},
                        {"quote", std::string(1, dialect.quote)},
                        {"header", dialect.header},
                        {"skip_lines", dialect.skip_lines},
                        {"encoding", io::to_string(dialect.encoding)},
                        {"decimal_comma", dialect.decimal_comma},
                        {"escape", dialect.escape == 0 ? json::value(nullptr) : json::value(std::string(1, dialect.escape))},
                        {"comment", dialect.comment == 0 ? json::value(nullptr) : json::value(std::string(1, dialect.comment))},
                        {"confidence", static_cast<double>(static_cast<int>(confidence * 100 + 0.5)) / 100}};
    // The lenient reading options appear only when on (they are never sniffed).
    if (dialect.leniency.pad_ragged) {
        out["ragged"] = "pad";
    }
    if (dialect.leniency.literal_stray_quotes) {
        out["quotes"] = "lenient";
    }
    if (dialect.leniency.trim_leading_spaces) {
        out["trim"] = true;
    }
    if (dialect.keep_repeated_headers) {
        out["repeated_headers"] = "keep";
    }
    return out;
}

std::string sniffed_schema_json(const formats::SniffResult& result) {
    json::array columns;
    for (const auto& column : result.columns) {
        json::object out{{"name", to_valid_utf8(column.name)}, {"type", column.type}};
        if (column.format != formats::ValueFormat::AsIs) {
            out["format"] = formats::to_string(column.format);
        }
        if (!column.note.empty()) {
            out["note"] = column.note;
        }
        columns.push_back(std::move(out));
    }
    json::object out{
        {"columns", std::move(columns)},
        {"dialect", dialect_json(result.dialect, result.confidence)},
        {"detected", dialect_json(result.detected, result.confidence)},
        {"warning", result.warning.empty() ? json::value(nullptr) : json::value(result.warning)},
        {"bad_rows", bad_rows_json(result.bad_rows)},
        // All of them, not only the 20 listed: what `create` with on_error skip leaves out of the types.
        {"bad_row_count", result.bad_row_count},
    };
    if (result.repeated_headers > 0) {
        out["repeated_headers"] = result.repeated_headers; // rows of the sample identical to the header
    }
    if (result.propose_trim) {
        out["proposed"] = json::object{{"trim", true}}; // what the warning proposes (never turned on by itself)
    }
    return json::serialize(out);
}

std::string preview_json(const pipeline::PreviewTable& table) {
    json::array rows;
    rows.reserve(table.rows.size());
    for (const auto& row : table.rows) {
        json::array cells;
        cells.reserve(row.size());
        for (const auto& cell : row) {
            // Preview values are shown, not loaded: invalid UTF-8 becomes U+FFFD so the JSON stays valid.
            cells.push_back(cell ? json::value(to_valid_utf8(*cell)) : json::value(nullptr));
        }
        rows.push_back(std::move(cells));
    }
    json::object out{
        {"columns", strings_json(table.columns)}, {"rows", std::move(rows)}, {"bad_rows", bad_rows_json(table.bad_rows)}};
    if (!table.types.empty()) {
        out["types"] = strings_json(table.types);
    }
    if (table.repeated_headers > 0) {
        out["repeated_headers"] = table.repeated_headers; // left out of the rows shown
    }
    if (table.join_hint) {
        const auto& hint = *table.join_hint;
        json::array fan_out;
        for (const auto& fan : hint.fan_out) {
            fan_out.push_back(json::object{
                {"table", fan.table}, {"keys", strings_json(fan.keys)}, {"max_rows_per_key", fan.max_rows_per_key}});
        }
        out["join_hint"] = json::object{{"rows", hint.rows ? json::value(*hint.rows) : json::value(nullptr)},
                                        {"fan_out", std::move(fan_out)},
                                        {"note", hint.note.empty() ? json::value(nullptr) : json::value(hint.note)},
                                        {"text", pipeline::describe(hint)}};
    }
    return json::serialize(out);
}

std::string job_created_json(std::string_view id) {
    return json::serialize(json::object{{"id", id}});
}

json::object job_record(const pipeline::JobSnapshot& job, const DataDir& data_dir) {
    return job_object(job, data_dir);
}

json::object job_view(json::object record) {
    record.erase("revision");
    return record;
}

std::string job_json(const json::object& record) {
    return json::serialize(job_view(record));
}

std::string jobs_json(const std::vector<json::object>& records) {
    json::array out;
    for (const auto& record : records) {
        out.push_back(job_view(record));
    }
    return json::serialize(json::object{{"jobs", std::move(out)}});
}

std::string conflict_json(std::string_view message, const json::object* previous_job) {
    json::object error{{"kind", "conflict"}, {"message", message}};
    if (previous_job) {
        error["previous_job"] = job_view(*previous_job);
    }
    return json::serialize(json::object{{"error", std::move(error)}});
}

std::string files_json(const std::vector<FileEntry>& files) {
    json::array out;
    for (const auto& file : files) {
        out.push_back(file_object(file));
    }
    return json::serialize(json::object{{"files", std::move(out)}});
}

std::string file_json(const FileEntry& file) {
    return json::serialize(file_object(file));
}

} // namespace ferry::server
