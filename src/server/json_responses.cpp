#include "server/json_responses.h"

#include "common/utf8.h"

#include <boost/json.hpp>

#include <chrono>
#include <ctime>

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

json::array joins_json(const std::vector<clickhouse::Join>& joins) {
    json::array out;
    for (const auto& join : joins) {
        json::array on;
        for (const auto& [left, right] : join.on) {
            on.push_back(
                json::array{json::string(column_ref_text(left)), json::string(column_ref_text(right))});
        }
        out.push_back(json::object{{"table", join.table},
                                   {"type", std::string(clickhouse::to_string(join.type))},
                                   {"on", std::move(on)}});
    }
    return out;
}

json::array strings_json(const std::vector<std::string>& values) {
    json::array out;
    for (const auto& value : values) {
        out.emplace_back(to_valid_utf8(value));
    }
    return out;
}

json::object job_object(const pipeline::JobSnapshot& job, const DataDir& data_dir) {
    json::object out{{"id", job.id},
                     {"status", std::string(pipeline::to_string(job.status))},
                     {"phase", std::string(pipeline::to_string(job.phase))},
                     {"rows", job.rows},
                     {"bytes", job.bytes},
                     {"total_bytes", job.total_bytes},
                     {"rejected", job.rejected},
                     {"seconds", job.seconds},
                     {"created", iso_time(job.created)}};
    if (const auto* import = std::get_if<pipeline::ImportRequest>(&job.request)) {
        out["kind"] = "import";
        out["columns"] = strings_json(import->columns);
        out["source"] = file_endpoint_json(import->file, data_dir);
        auto target = table_endpoint_json(import->connection, import->table);
        target["create"] = import->create;
        target["on_error"] = import->on_error == pipeline::OnError::Skip ? "skip" : "abort";
        if (import->on_error == pipeline::OnError::Skip) {
            target["max_errors"] = import->max_errors;
            target["rejects"] = data_dir.relative_name(import->rejects);
        }
        out["target"] = std::move(target);
    } else {
        const auto& request = std::get<pipeline::ExportRequest>(job.request);
        out["kind"] = "export";
        out["columns"] = strings_json(request.columns);
        auto source = table_endpoint_json(request.connection, request.source.table);
        source["join"] = joins_json(request.source.joins);
        out["source"] = std::move(source);
        out["target"] = file_endpoint_json(request.file, data_dir);
    }
    if (job.error) {
        out["error"] =
            json::object{{"kind", std::string(to_string(job.error->kind))}, {"message", job.error->message}};
    }
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

std::string schema_json(const std::vector<formats::ColumnSchema>& columns) {
    return json::serialize(json::object{{"columns", name_type_array(columns)}});
}

json::object dialect_json(const formats::Dialect& dialect, double confidence) {
    return json::object{{"delimiter", delimiter_text(dialect.delimiter)},
                        {"quote", std::string(1, dialect.quote)},
                        {"header", dialect.header},
                        {"skip_lines", dialect.skip_lines},
                        {"encoding", io::to_string(dialect.encoding)},
                        {"decimal_comma", dialect.decimal_comma},
                        {"confidence", static_cast<double>(static_cast<int>(confidence * 100 + 0.5)) / 100}};
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
    json::array bad_rows;
    for (const auto& row : result.bad_rows) {
        bad_rows.push_back(json::object{{"line", row.line}, {"reason", row.reason}});
    }
    return json::serialize(json::object{
        {"columns", std::move(columns)},
        {"dialect", dialect_json(result.dialect, result.confidence)},
        {"detected", dialect_json(result.detected, result.confidence)},
        {"warning", result.warning.empty() ? json::value(nullptr) : json::value(result.warning)},
        {"bad_rows", std::move(bad_rows)},
    });
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
    return json::serialize(json::object{{"columns", strings_json(table.columns)}, {"rows", std::move(rows)}});
}

std::string job_created_json(std::string_view id) {
    return json::serialize(json::object{{"id", id}});
}

std::string job_json(const pipeline::JobSnapshot& job, const DataDir& data_dir) {
    return json::serialize(job_object(job, data_dir));
}

std::string jobs_json(const std::vector<pipeline::JobSnapshot>& jobs, const DataDir& data_dir) {
    json::array out;
    for (const auto& job : jobs) {
        out.push_back(job_object(job, data_dir));
    }
    return json::serialize(json::object{{"jobs", std::move(out)}});
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
