#include "server/endpoint.h"

#include "formats/dialect.h"
#include "server/data_dir.h"
#include "server/http_message.h"

namespace ferry::server {

namespace {

formats::DialectChoice choice_of(const FileEndpoint& file) {
    formats::DialectChoice choice;
    if (!file.delimiter.empty()) {
        choice.delimiter = formats::parse_delimiter(file.delimiter);
    }
    if (!file.quote.empty()) {
        if (file.quote.size() != 1) {
            throw HttpError(400, ErrorKind::Usage, "'file.quote' must be one character");
        }
        choice.quote = file.quote[0];
    }
    if (!file.encoding.empty()) {
        choice.encoding = formats::parse_encoding(file.encoding);
    }
    choice.header = file.header;
    choice.skip_lines = file.skip_lines;
    choice.decimal_comma = file.decimal_comma;
    return choice;
}

} // namespace

pipeline::SniffedFile sniff_endpoint(const FileEndpoint& file, const DataDir& data_dir, bool for_schema) {
    return pipeline::sniff_file(data_dir.resolve_existing(file.path), choice_of(file), for_schema);
}

pipeline::FileSpec to_file_spec(const FileEndpoint& file, const DataDir& data_dir, bool must_exist) {
    if (must_exist) {
        return sniff_endpoint(file, data_dir).spec;
    }
    // A file to write: the user's dialect or the defaults.
    const auto choice = choice_of(file);
    pipeline::FileSpec spec;
    spec.path = data_dir.resolve(file.path);
    spec.dialect.delimiter = choice.delimiter.value_or(formats::default_delimiter_for(file.path));
    spec.dialect.quote = choice.quote.value_or('"');
    spec.dialect.header = choice.header.value_or(true);
    return spec;
}

pipeline::TableSource to_table_source(const ClickHouseEndpoint& endpoint) {
    pipeline::TableSource source;
    source.table = endpoint.table;
    source.joins = endpoint.joins;
    return source;
}

pipeline::JobRequest to_job_request(const Endpoint& source, const Endpoint& target,
                                    const std::vector<std::string>& columns, const DataDir& data_dir) {
    const auto* file_source = std::get_if<FileEndpoint>(&source);
    const auto* table_target = std::get_if<ClickHouseEndpoint>(&target);
    if (file_source && table_target) {
        if (!table_target->joins.empty()) {
            throw HttpError(400, ErrorKind::Usage,
                            "'target.join' is not allowed: joins apply to export sources");
        }
        pipeline::ImportRequest request;
        request.connection = table_target->connection;
        request.file = to_file_spec(*file_source, data_dir, true);
        request.table = table_target->table;
        request.columns = columns;
        request.create = table_target->create;
        request.on_error = table_target->on_error;
        request.max_errors = table_target->max_errors;
        if (request.on_error == pipeline::OnError::Skip) {
            // Beside the input, so inside the data directory: <file>.rejects.csv
            auto rejects = request.file.path;
            rejects += ".rejects.csv";
            request.rejects = rejects;
        }
        return request;
    }
    const auto* table_source = std::get_if<ClickHouseEndpoint>(&source);
    const auto* file_target = std::get_if<FileEndpoint>(&target);
    if (table_source && file_target) {
        pipeline::ExportRequest request;
        request.connection = table_source->connection;
        request.source = to_table_source(*table_source);
        request.columns = columns;
        request.file = to_file_spec(*file_target, data_dir, false);
        return request;
    }
    throw HttpError(400, ErrorKind::Usage,
                    "a job moves a file into ClickHouse (source kind 'file', target kind 'clickhouse') or a "
                    "table out of it (source kind 'clickhouse', target kind 'file')");
}

} // namespace ferry::server
