#include "pipeline/import_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "clickhouse/http_client.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/query_control.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "formats/csv_reader.h"
#include "io/read_stream.h"
#include "clickhouse/type_support.h"
#include "formats/value_normalizer.h"
#include "pipeline/file_sniff.h"
#include "pipeline/preview.h"
#include "pipeline/rejects_file.h"
#include "pipeline/staging_table.h"

namespace ferry::pipeline {

using clickhouse::quote_identifier;

namespace {

/// Bytes of encoded rows handed to libcurl at a time: large enough to amortise the calls, small enough
/// to keep memory flat.
constexpr std::size_t kBatchBytes = 1 << 20;

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

std::vector<std::string> positional_names(std::size_t width) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i <= width; ++i) {
        names.push_back(fmt::format("c{}", i));
    }
    return names;
}

} // namespace

std::vector<ImportJob::Mapping>
ImportJob::map_columns(const std::vector<std::string>& file_columns, bool by_name,
                       const std::vector<clickhouse::ColumnInfo>& table_columns) const {
    const auto& wanted = request_.columns.empty() ? file_columns : request_.columns;
    std::vector<Mapping> mappings;
    for (const auto& name : wanted) {
        const auto in_file = std::find(file_columns.begin(), file_columns.end(), name);
        if (in_file == file_columns.end()) {
            throw Error(ErrorKind::Usage,
                        fmt::format("column '{}' is not in {} (its columns: {})", name,
                                    request_.file.path.filename().string(), join_names(file_columns)));
        }
        const auto file_index = static_cast<std::size_t>(in_file - file_columns.begin());
        if (by_name) {
            const auto in_table = std::find_if(table_columns.begin(), table_columns.end(),
                                               [&](const auto& column) { return column.name == name; });
            if (in_table == table_columns.end()) {
                throw Error(ErrorKind::Usage,
                            fmt::format("file column '{}' has no column of that name in table '{}'; "
                                        "choose the columns to load with --columns",
                                        name, request_.table));
            }
            mappings.push_back({file_index, *in_table});
        } else {
            // Without a header, file column N goes to the table's column N.
            if (file_index >= table_columns.size()) {
                throw Error(ErrorKind::Usage, fmt::format("the file has more columns than table '{}' ({})",
                                                          request_.table, table_columns.size()));
            }
            mappings.push_back({file_index, table_columns[file_index]});
        }
    }
    if (mappings.empty()) {
        throw Error(ErrorKind::Usage, "no columns selected to load");
    }
    return mappings;
}

void ImportJob::create_table(clickhouse::HttpClient& client,
                             const std::vector<std::string>& file_columns) const {
    const auto schema = file_schema(request_.file);
    const auto support = clickhouse::probe_type_support(client);
    std::string definitions;
    for (const auto& column : schema) {
        const bool wanted = request_.columns.empty() ||
                            std::find(request_.columns.begin(), request_.columns.end(), column.name) !=
                                request_.columns.end();
        if (wanted) {
            definitions += fmt::format("{}{} {}", definitions.empty() ? "" : ", ",
                                       quote_identifier(column.name), clickhouse::adapt_type(column.type, support));
        }
    }
    if (definitions.empty()) {
        throw Error(ErrorKind::Usage, fmt::format("cannot create table '{}': no columns (file columns: {})",
                                                  request_.table, join_names(file_columns)));
    }
    client.query(fmt::format("CREATE TABLE IF NOT EXISTS {} ({}) ENGINE = MergeTree ORDER BY tuple()",
                             quote_identifier(request_.table), definitions));
}

TransferResult ImportJob::run() {
    progress_.phase = Phase::Connecting;
    clickhouse::HttpClient client(request_.connection);
    const std::string timezone = client.query("SELECT timezone() FORMAT TabSeparated", {}, &cancel_);
    cancel_.check();

    auto input = open_text_input(request_.file); // decompressed and transcoded to UTF-8
    progress_.total_bytes = input->total_bytes();
    const auto& dialect = request_.file.dialect;
    formats::CsvReader reader(*input, dialect);

    // The first record is either the header or the first data row (which then stays pending).
    const bool have_first = reader.next();
    if (!have_first && dialect.header) {
        throw Error(ErrorKind::Data, fmt::format("{} is empty: expected a header line",
                                                 request_.file.path.filename().string()));
    }
    std::vector<std::string> file_columns;
    bool pending_row = false;
    if (dialect.header) {
        file_columns = formats::header_names(reader);
    } else {
        file_columns = positional_names(have_first ? reader.fields().size() : 0);
        pending_row = have_first;
    }

    progress_.phase = Phase::Fetching;
    if (!clickhouse::table_exists(client, request_.table)) {
        if (!request_.create) {
            throw Error(ErrorKind::Usage,
                        fmt::format("table '{}' does not exist in database '{}' (use --create to create it "
                                    "from the file's columns)",
                                    request_.table, request_.connection.database));
        }
        create_table(client, file_columns);
    }
    const auto mappings =
        map_columns(file_columns, dialect.header, clickhouse::list_columns(client, request_.table));
    std::vector<clickhouse::ColumnInfo> target;
    std::vector<std::string> target_names;
    for (const auto& mapping : mappings) {
        target.push_back(mapping.column);
        target_names.push_back(mapping.column.name);
    }
    const auto encoder = clickhouse::make_insert_encoder(target, timezone.substr(0, timezone.find('\n')));
    // Sniffed value forms (DD/MM/YYYY dates, decimal commas, yes/no) converted before encoding.
    std::vector<formats::ValueNormalizer> normalizers;
    for (const auto& mapping : mappings) {
        normalizers.push_back(formats::normalizer_for(request_.file.value_formats, mapping.file_index, mapping.column.type));
    }
    std::string normalized;

    StagingTable::drop_leftovers(client);
    StagingTable staging(client, request_.table);
    std::string insert_sql = fmt::format("INSERT INTO {} (", quote_identifier(staging.name()));
    for (std::size_t i = 0; i < target_names.size(); ++i) {
        insert_sql += (i ? ", " : "") + quote_identifier(target_names[i]);
    }
    insert_sql += fmt::format(") FORMAT {}", encoder->format());

    progress_.phase = Phase::Ingesting;
    const std::size_t width = file_columns.size();
    std::uint64_t rows = 0;
    std::string batch;
    batch.reserve(kBatchBytes + (64 << 10));
    std::size_t batch_pos = 0;
    bool end_of_file = false;
    std::exception_ptr failure;

    std::unique_ptr<RejectsFile> rejects;
    if (request_.on_error == OnError::Skip) {
        auto path = request_.rejects;
        if (path.empty()) {
            path = request_.file.path;
            path += ".rejects.csv";
        }
        rejects = std::make_unique<RejectsFile>(path, dialect);
    }
    // A row that cannot be loaded: fatal by default, else written to the rejects file and skipped.
    auto reject = [&](const Error& error, std::size_t row_start) {
        // The reader's errors name the line already; the encoder's name only the column and value.
        const auto prefix = fmt::format("line {}: ", reader.line());
        std::string_view reason = error.what();
        if (reason.starts_with(prefix)) {
            reason.remove_prefix(prefix.size());
        }
        if (!rejects || error.kind() != ErrorKind::Data) {
            auto context = error.context();
            context.line = reader.line();
            throw Error(error.kind(), prefix + std::string(reason), context);
        }
        batch.resize(row_start);
        rejects->add(reader.line(), reason, reader.fields());
        progress_.rejected = rejects->count();
        if (request_.max_errors && rejects->count() > request_.max_errors) {
            rejects->commit();
            throw Error(ErrorKind::Data,
                        fmt::format("more than {} rows rejected (the last: line {}: {}); nothing was loaded; "
                                    "rejected rows are in {}",
                                    request_.max_errors, reader.line(), reason, rejects->path().string()),
                        error.context());
        }
    };

    // Encodes records until the batch is full; the current record of `reader` is the next to encode.
    auto encode_batch = [&] {
        batch.clear();
        batch_pos = 0;
        while (batch.size() < kBatchBytes) {
            if (!pending_row && !reader.next()) {
                end_of_file = true;
                break;
            }
            pending_row = false;
            const std::size_t row_start = batch.size();
            try {
                reader.expect_field_count(width);
                const auto fields = reader.fields();
                for (std::size_t i = 0; i < mappings.size(); ++i) {
                    const auto& field = fields[mappings[i].file_index];
                    encoder->value(i, normalizers[i].apply(field.value, normalized), field.is_null(), batch);
                }
            } catch (const Error& error) {
                reject(error, row_start);
                continue;
            }
            encoder->end_row(batch);
            ++rows;
        }
        progress_.rows = rows;
        progress_.bytes = reader.raw_bytes_read();
        cancel_.check();
    };
    const clickhouse::BodySource source = [&](char* dst, std::size_t capacity) -> std::size_t {
        try {
            if (batch_pos == batch.size()) {
                if (end_of_file) {
                    return 0;
                }
                encode_batch();
            }
            const std::size_t n = std::min(capacity, batch.size() - batch_pos);
            std::memcpy(dst, batch.data() + batch_pos, n);
            batch_pos += n;
            return n;
        } catch (...) {
            // Ending the body early makes the server reject or truncate the staging insert; either way
            // the staging table is dropped and this error, the real cause, is rethrown below.
            failure = std::current_exception();
            return 0;
        }
    };
    try {
        client.insert(insert_sql, source, {}, &cancel_);
    } catch (const Error& error) {
        if (error.kind() == ErrorKind::Cancelled) {
            clickhouse::kill_query(request_.connection, client.last_query_id());
        }
        if (!failure) {
            throw;
        }
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    cancel_.check();

    // Nothing lost silently: the staging table must hold exactly the rows read.
    const std::string staged = client.query(
        fmt::format("SELECT count() FROM {} FORMAT TabSeparated", quote_identifier(staging.name())));
    if (std::stoull(staged) != rows) {
        throw Error(ErrorKind::Internal, fmt::format("read {} rows from the file but the server stored {}; "
                                                     "nothing was loaded",
                                                     rows, std::stoull(staged)));
    }
    staging.move_rows_to_target(target_names);
    progress_.bytes = reader.raw_bytes_read();
    TransferResult result{.rows = rows, .bytes = reader.raw_bytes_read()};
    if (rejects) {
        rejects->commit();
        result.rejected = rejects->count();
    }
    return result;
}

} // namespace ferry::pipeline
