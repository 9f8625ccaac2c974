#include "server/json_requests.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "server/http_message.h"

namespace ferry::server {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string_view field, std::string_view problem) {
    throw HttpError(400, ErrorKind::Usage, "'" + std::string(field) + "' " + std::string(problem));
}

std::string join_path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

json::object parse_object(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec) {
        throw HttpError(400, ErrorKind::Usage, "malformed JSON in the request body: " + ec.message());
    }
    if (!value.is_object()) {
        throw HttpError(400, ErrorKind::Usage, "the request body must be a JSON object");
    }
    return std::move(value.as_object());
}

/// The member, or null when absent or JSON null.
const json::value* member(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value == nullptr || value->is_null() ? nullptr : value;
}

const json::object& require_object(const json::object& parent, std::string_view key, std::string_view path) {
    const auto* value = member(parent, key);
    if (value == nullptr) {
        invalid(join_path(path, key), "is required");
    }
    if (!value->is_object()) {
        invalid(join_path(path, key), "must be an object");
    }
    return value->as_object();
}

std::optional<std::string> optional_string(const json::object& object, std::string_view key,
                                           std::string_view path) {
    const auto* value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        invalid(join_path(path, key), "must be a string");
    }
    return std::string(value->as_string());
}

std::string require_string(const json::object& object, std::string_view key, std::string_view path) {
    auto value = optional_string(object, key, path);
    if (!value || value->empty()) {
        invalid(join_path(path, key), "is required");
    }
    return std::move(*value);
}

bool optional_bool(const json::object& object, std::string_view key, std::string_view path, bool fallback) {
    const auto* value = member(object, key);
    if (value == nullptr) {
        return fallback;
    }
    if (!value->is_bool()) {
        invalid(join_path(path, key), "must be true or false");
    }
    return value->as_bool();
}

/// An integer given as a JSON number or a string of digits.
std::optional<std::int64_t> optional_integer(const json::object& object, std::string_view key,
                                             std::string_view path) {
    const auto* value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    if (value->is_uint64()) {
        return value->as_uint64() > static_cast<std::uint64_t>(INT64_MAX)
                   ? INT64_MAX
                   : static_cast<std::int64_t>(value->as_uint64());
    }
    if (value->is_double()) {
        const double number = value->as_double();
        if (std::abs(number) < 1e15 && number == std::floor(number)) {
            return static_cast<std::int64_t>(number);
        }
    }
    if (value->is_string()) {
        const auto& text = value->as_string();
        if (!text.empty() && text.size() < 18 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::stoll(std::string(text));
        }
    }
    invalid(join_path(path, key), "must be an integer");
}

std::vector<std::string> string_list(const json::object& object, std::string_view key,
                                     std::string_view path) {
    std::vector<std::string> out;
    const auto* value = member(object, key);
    if (value == nullptr) {
        return out;
    }
    if (!value->is_array()) {
        invalid(join_path(path, key), "must be an array of strings");
    }
    for (const auto& item : value->as_array()) {
        if (!item.is_string() || item.as_string().empty()) {
            invalid(join_path(path, key), "must be an array of non-empty strings");
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

clickhouse::Connection parse_connection(const json::object& object, std::string_view path) {
    clickhouse::Connection connection;
    if (auto host = optional_string(object, "host", path)) {
        if (host->empty()) {
            invalid(join_path(path, "host"), "must not be empty");
        }
        connection.host = std::move(*host);
    }
    connection.secure = optional_bool(object, "secure", path, false);
    connection.port = connection.secure ? 8443 : 8123;
    if (const auto port = optional_integer(object, "port", path)) {
        if (*port < 1 || *port > 65535) {
            invalid(join_path(path, "port"), "must be a number from 1 to 65535");
        }
        connection.port = static_cast<std::uint16_t>(*port);
    }
    if (auto database = optional_string(object, "database", path); database && !database->empty()) {
        connection.database = std::move(*database);
    }
    if (auto user = optional_string(object, "user", path); user && !user->empty()) {
        connection.user = std::move(*user);
    }
    connection.password = optional_string(object, "password", path).value_or("");
    connection.jwt = optional_string(object, "jwt", path).value_or("");
    if (auto compression = optional_string(object, "compression", path)) {
        connection.compression = clickhouse::parse_wire_compression(*compression, join_path(path, "compression"));
    }
    return connection;
}

clickhouse::Join parse_join(const json::value& value, const std::string& path) {
    if (!value.is_object()) {
        invalid(path, "must be an object {\"table\", \"type\", \"on\"}");
    }
    const auto& object = value.as_object();
    clickhouse::Join join;
    join.table = require_string(object, "table", path);
    clickhouse::parse_join_type(optional_string(object, "type", path).value_or("INNER"), join);
    join.using_columns = string_list(object, "using", path);
    if (const auto* asof = member(object, "asof")) {
        const auto* items = asof->is_array() ? &asof->as_array() : nullptr;
        if (items == nullptr || items->size() != 3 || !(*items)[0].is_string() || !(*items)[1].is_string() ||
            !(*items)[2].is_string()) {
            invalid(join_path(path, "asof"), "must be [\"a.time\", \">=\", \"b.time\"]");
        }
        const std::string op((*items)[1].as_string());
        if (op != ">=" && op != ">" && op != "<=" && op != "<") {
            invalid(join_path(path, "asof"), "must compare with >=, >, <= or <");
        }
        join.asof = clickhouse::AsofCondition{clickhouse::parse_column_ref((*items)[0].as_string()), op,
                                              clickhouse::parse_column_ref((*items)[2].as_string())};
    }
    if (join.strictness == clickhouse::JoinStrictness::Asof && !join.asof) {
        invalid(join_path(path, "asof"), "is required for an ASOF join");
    }
    if (join.strictness != clickhouse::JoinStrictness::Asof && join.asof) {
        invalid(join_path(path, "asof"), "applies to ASOF joins only");
    }
    const auto* on = member(object, "on");
    const bool needs_keys = join.type != clickhouse::JoinType::Cross && join.using_columns.empty();
    if (join.type == clickhouse::JoinType::Cross && (on != nullptr || !join.using_columns.empty())) {
        invalid(path, "a CROSS join has no \"on\" or \"using\"");
    }
    if (on == nullptr && !needs_keys) {
        return join;
    }
    if (on == nullptr || !on->is_array() || (needs_keys && on->as_array().empty())) {
        invalid(join_path(path, "on"), "must be a non-empty array of column pairs [\"a.x\", \"b.y\"] (or give "
                                       "\"using\": [\"x\"])");
    }
    for (const auto& pair : on->as_array()) {
        if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_string() ||
            !pair.as_array()[1].is_string()) {
            invalid(join_path(path, "on"), "must hold pairs of column names [\"a.x\", \"b.y\"]");
        }
        join.on.emplace_back(clickhouse::parse_column_ref(pair.as_array()[0].as_string()),
                             clickhouse::parse_column_ref(pair.as_array()[1].as_string()));
    }
    return join;
}

FileEndpoint parse_file(const json::object& object, std::string_view path) {
    FileEndpoint file;
    // An empty path is left to the data directory, which refuses it like every other bad name.
    auto file_path = optional_string(object, "path", path);
    file.paths = string_list(object, "paths", path);
    if (!file_path && !file.paths.empty()) {
        file_path = file.paths.front();
    }
    if (!file_path) {
        invalid(join_path(path, "path"), "is required");
    }
    file.path = std::move(*file_path);
    file.delimiter = optional_string(object, "delimiter", path).value_or("");
    if (member(object, "header") != nullptr) {
        file.header = optional_bool(object, "header", path, true);
    }
    file.quote = optional_string(object, "quote", path).value_or("");
    file.encoding = optional_string(object, "encoding", path).value_or("");
    if (const auto skip = optional_integer(object, "skip_lines", path)) {
        if (*skip < 0) {
            invalid(join_path(path, "skip_lines"), "must not be negative");
        }
        file.skip_lines = static_cast<std::size_t>(*skip);
    }
    file.escape = optional_string(object, "escape", path);
    file.comment = optional_string(object, "comment", path);
    file.ragged = optional_string(object, "ragged", path).value_or("");
    file.quotes = optional_string(object, "quotes", path).value_or("");
    file.repeated_headers = optional_string(object, "repeated_headers", path).value_or("");
    if (member(object, "trim") != nullptr) {
        file.trim = optional_bool(object, "trim", path, false);
    }
    if (member(object, "decimal_comma") != nullptr) {
        file.decimal_comma = optional_bool(object, "decimal_comma", path, false);
    }
    // Split and partitioned exports (refused for import sources by to_job_request).
    if (const auto rows = optional_integer(object, "split_rows", path)) {
        if (*rows < 0) {
            invalid(join_path(path, "split_rows"), "must not be negative");
        }
        file.split.rows = static_cast<std::uint64_t>(*rows);
    }
    if (const auto bytes = optional_integer(object, "split_bytes", path)) {
        if (*bytes < 0) {
            invalid(join_path(path, "split_bytes"), "must not be negative");
        }
        file.split.bytes = static_cast<std::uint64_t>(*bytes);
    }
    if (const auto parallel = optional_integer(object, "parallel", path)) {
        if (*parallel < 1 || *parallel > 64) {
            invalid(join_path(path, "parallel"), "must be from 1 to 64");
        }
        file.split.parallel = static_cast<unsigned>(*parallel);
    }
    file.split.partition_by = optional_string(object, "partition_by", path).value_or("");
    return file;
}

/// An import's "mode": "append" (default) or "replace".
pipeline::LoadMode parse_mode(const json::object& object, std::string_view path) {
    const auto mode = optional_string(object, "mode", path);
    if (!mode || *mode == "append") {
        return pipeline::LoadMode::Append;
    }
    if (*mode != "replace") {
        invalid(join_path(path, "mode"), "must be \"append\" or \"replace\"");
    }
    return pipeline::LoadMode::Replace;
}

/// `"schema": [{"file_column", "name", "type"}]`, `"order_by"`, `"partition_by"`, `"engine"` of a table to
/// create. Only the shape is checked here; clickhouse::create_table_sql checks the content.
pipeline::NewTable parse_new_table(const json::object& object, std::string_view path) {
    pipeline::NewTable table;
    if (const auto* schema = member(object, "schema")) {
        const auto schema_path = join_path(path, "schema");
        if (!schema->is_array()) {
            invalid(schema_path, "must be an array of {\"file_column\", \"name\", \"type\"}");
        }
        for (std::size_t i = 0; i < schema->as_array().size(); ++i) {
            const auto item_path = schema_path + "[" + std::to_string(i) + "]";
            const auto& item = schema->as_array()[i];
            if (!item.is_object()) {
                invalid(item_path, "must be an object {\"file_column\", \"name\", \"type\"}");
            }
            pipeline::NewTable::Column column;
            column.name = optional_string(item.as_object(), "name", item_path).value_or("");
            column.file_column = optional_string(item.as_object(), "file_column", item_path).value_or(column.name);
            if (column.name.empty()) {
                column.name = column.file_column;
            }
            if (column.name.empty()) {
                invalid(join_path(item_path, "name"), "is required");
            }
            column.type = require_string(item.as_object(), "type", item_path);
            table.schema.push_back(std::move(column));
        }
    }
    table.order_by = string_list(object, "order_by", path);
    table.partition_by = optional_string(object, "partition_by", path).value_or("");
    table.engine = optional_string(object, "engine", path).value_or("");
    return table;
}

Endpoint parse_endpoint(const json::object& object, std::string_view path) {
    const auto kind = require_string(object, "kind", path);
    if (kind == "file") {
        return parse_file(object, path);
    }
    if (kind != "clickhouse") {
        invalid(join_path(path, "kind"), "must be \"clickhouse\" or \"file\"");
    }
    ClickHouseEndpoint endpoint;
    endpoint.connection =
        parse_connection(require_object(object, "connection", path), join_path(path, "connection"));
    endpoint.table = require_string(object, "table", path);
    endpoint.create = optional_bool(object, "create", path, false);
    endpoint.mode = parse_mode(object, path);
    if (const auto on_error = optional_string(object, "on_error", path)) {
        if (*on_error == "skip") {
            endpoint.on_error = pipeline::OnError::Skip;
        } else if (*on_error != "abort") {
            invalid(join_path(path, "on_error"), "must be \"abort\" or \"skip\"");
        }
    }
    if (const auto max_errors = optional_integer(object, "max_errors", path)) {
        if (*max_errors < 0) {
            invalid(join_path(path, "max_errors"), "must not be negative");
        }
        endpoint.max_errors = static_cast<std::uint64_t>(*max_errors);
    }
    endpoint.new_table = parse_new_table(object, path);
    if (const auto* map = member(object, "map")) {
        if (!map->is_object()) {
            invalid(join_path(path, "map"), "must be an object {\"file column\": \"table column\"}");
        }
        for (const auto& [from, to] : map->as_object()) {
            if (!to.is_string() || to.as_string().empty()) {
                invalid(join_path(path, "map") + "." + std::string(from), "must be a table column name");
            }
            endpoint.column_map.emplace(std::string(from), std::string(to.as_string()));
        }
    }
    if (const auto defaults = optional_string(object, "join_defaults", path)) {
        try {
            endpoint.join_defaults = clickhouse::parse_join_defaults(*defaults, join_path(path, "join_defaults"));
        } catch (const Error& error) {
            invalid(join_path(path, "join_defaults"), "must be \"sql\" or \"clickhouse\"");
        }
    }
    if (const auto* joins = member(object, "join")) {
        if (!joins->is_array()) {
            invalid(join_path(path, "join"), "must be an array");
        }
        for (std::size_t i = 0; i < joins->as_array().size(); ++i) {
            endpoint.joins.push_back(
                parse_join(joins->as_array()[i], join_path(path, "join") + "[" + std::to_string(i) + "]"));
        }
    }
    return endpoint;
}

} // namespace

CreateStatementRequest parse_create_statement_request(std::string_view body) {
    const auto object = parse_object(body);
    CreateStatementRequest request;
    request.table = require_string(object, "table", "");
    request.new_table = parse_new_table(object, "");
    if (request.new_table.schema.empty()) {
        invalid("schema", "is required: the columns of the new table");
    }
    return request;
}

TablesRequest parse_tables_request(std::string_view body) {
    const auto object = parse_object(body);
    return TablesRequest{parse_connection(require_object(object, "connection", ""), "connection")};
}

ColumnsRequest parse_columns_request(std::string_view body) {
    const auto object = parse_object(body);
    ColumnsRequest request;
    request.connection = parse_connection(require_object(object, "connection", ""), "connection");
    request.table = require_string(object, "table", "");
    return request;
}

LoadPlanRequest parse_load_plan_request(std::string_view body) {
    const auto object = parse_object(body);
    LoadPlanRequest request;
    request.connection = parse_connection(require_object(object, "connection", ""), "connection");
    request.table = require_string(object, "table", "");
    request.mode = parse_mode(object, "");
    return request;
}

FileSchemaRequest parse_file_schema_request(std::string_view body) {
    const auto object = parse_object(body);
    return FileSchemaRequest{parse_file(require_object(object, "file", ""), "file")};
}

PreviewRequest parse_preview_request(std::string_view body) {
    const auto object = parse_object(body);
    PreviewRequest request;
    request.source = parse_endpoint(require_object(object, "source", ""), "source");
    request.columns = string_list(object, "columns", "");
    if (const auto limit = optional_integer(object, "limit", "")) {
        if (*limit < 1) {
            invalid("limit", "must be at least 1");
        }
        request.limit = std::min<std::size_t>(static_cast<std::size_t>(*limit), kMaxPreviewLimit);
    }
    return request;
}

JobBody parse_job_body(std::string_view body) {
    const auto object = parse_object(body);
    JobBody job;
    job.source = parse_endpoint(require_object(object, "source", ""), "source");
    job.target = parse_endpoint(require_object(object, "target", ""), "target");
    job.columns = string_list(object, "columns", "");
    job.again = optional_bool(object, "again", "", false);
    return job;
}

} // namespace ferry::server
