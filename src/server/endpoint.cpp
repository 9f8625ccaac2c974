#include "server/endpoint.h"

#include "formats/dialect.h"
#include "pipeline/file_series.h"
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
    if (file.escape) {
        choice.escape = formats::parse_escape(*file.escape);
    }
    if (file.comment) {
        choice.comment = formats::parse_comment(*file.comment);
    }
    choice.leniency.pad_ragged = !file.ragged.empty() && formats::parse_ragged(file.ragged);
    choice.leniency.literal_stray_quotes = !file.quotes.empty() && formats::parse_quotes(file.quotes);
    choice.leniency.trim_leading_spaces = file.trim;
    choice.keep_repeated_headers = !file.repeated_headers.empty() && formats::parse_repeated_headers(file.repeated_headers);
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
    source.join_defaults = endpoint.join_defaults;
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
        if (file_source->split.any() || file_source->split.parallel > 1) {
            throw HttpError(400, ErrorKind::Usage,
                            "'source.split_rows', 'split_bytes', 'partition_by' and 'parallel' apply to export "
                            "targets");
        }
        pipeline::ImportRequest request;
        request.connection = table_target->connection;
        // Several files as one job: each named file checked inside the data directory like `path`, and
        // sniffed on its own (no globs or directories here: the client lists the files).
        for (const auto& name : file_source->paths) {
            auto one = *file_source;
            one.path = name;
            request.files.push_back(to_file_spec(one, data_dir, true));
        }
        request.file = request.files.empty() ? to_file_spec(*file_source, data_dir, true) : request.files.front();
        if (request.files.size() == 1) {
            request.files.clear();
        }
        request.table = table_target->table;
        request.columns = columns;
        request.create = table_target->create;
        request.mode = table_target->mode;
        request.on_error = table_target->on_error;
        request.max_errors = table_target->max_errors;
        request.new_table = table_target->new_table;
        request.column_map = table_target->column_map;
        if (request.on_error == pipeline::OnError::Skip) {
            // Beside the input, so inside the data directory: <file>.rejects.csv (several files:
            // <table>.rejects.csv beside the first).
            auto rejects = request.file.path;
            rejects += ".rejects.csv";
            if (!request.files.empty()) {
                // The table name is made safe for a file name: it must not lead out of the directory.
                rejects = request.file.path.parent_path() /
                          (pipeline::sanitize_partition_label(request.table) + ".rejects.csv");
            }
            if (data_dir.is_read_only(rejects)) {
                rejects = data_dir.root() / rejects.filename(); // input from the read-only shared folder
            }
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
        request.split = file_target->split;
        if (request.split.parallel > 1 && !request.split.any()) {
            throw HttpError(400, ErrorKind::Usage,
                            "'target.parallel' needs 'split_rows', 'split_bytes' or 'partition_by': each stream "
                            "writes its own files");
        }
        return request;
    }
    throw HttpError(400, ErrorKind::Usage,
                    "a job moves a file into ClickHouse (source kind 'file', target kind 'clickhouse') or a "
                    "table out of it (source kind 'clickhouse', target kind 'file')");
}

} // namespace ferry::server
