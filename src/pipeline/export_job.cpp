#include "pipeline/export_job.h"

#include <fmt/format.h>

#include "clickhouse/http_client.h"
#include "common/error.h"
#include "formats/csv_writer.h"
#include "formats/tsv.h"
#include "io/write_stream.h"

namespace ferry::pipeline {

std::string source_select(const TableSource& source, const std::vector<std::string>& columns, std::size_t limit) {
    return clickhouse::build_select(source.table, source.joins, columns, limit) + " FORMAT TabSeparatedWithNames";
}

namespace {

/// A 200 response can still end in an exception when the query fails after streaming began; ClickHouse
/// then appends its error text where the next row would be.
[[noreturn]] void throw_stream_error(std::span<const formats::TsvField> row, std::size_t width) {
    std::string text;
    for (const auto& field : row) {
        text += field.value;
    }
    if (text.rfind("Code: ", 0) == 0) {
        throw Error(ErrorKind::Query, "ClickHouse failed while sending the result: " + printable_value(text, 500));
    }
    throw Error(ErrorKind::Data,
                fmt::format("ClickHouse sent a row with {} fields, expected {}: '{}'", row.size(), width,
                            printable_value(text)));
}

} // namespace

TransferResult ExportJob::run() {
    progress_.phase = Phase::Connecting;
    clickhouse::HttpClient client(request_.connection);
    client.server_version();
    cancel_.check();

    io::AtomicFile file(request_.file.path);
    formats::CsvWriter writer(file.stream(), request_.file.dialect);
    std::size_t width = 0;
    bool header_seen = false;
    std::uint64_t rows = 0;
    formats::TsvStreamParser parser([&](std::span<const formats::TsvField> row) {
        if (!header_seen) {
            header_seen = true;
            width = row.size();
            if (request_.file.dialect.header) {
                for (const auto& field : row) {
                    writer.field(field.value);
                }
                writer.end_row();
            }
            return;
        }
        if (row.size() != width) {
            throw_stream_error(row, width);
        }
        for (const auto& field : row) {
            if (field.is_null) {
                writer.null_field();
            } else {
                writer.field(field.value);
            }
        }
        writer.end_row();
        ++rows;
    });

    progress_.phase = Phase::Fetching;
    bool first_chunk = true;
    client.query_streaming(
        source_select(request_.source, request_.columns, 0),
        [&](std::string_view chunk) {
            if (first_chunk) {
                progress_.phase = Phase::Ingesting;
                first_chunk = false;
            }
            parser.feed(chunk);
            progress_.rows = rows;
            progress_.bytes = file.bytes_on_disk();
            cancel_.check();
        },
        {}, &cancel_);
    parser.finish();
    if (!header_seen) {
        throw Error(ErrorKind::Query, "ClickHouse returned an empty response (no column names)");
    }
    writer.flush();
    file.commit();
    progress_.rows = rows;
    progress_.bytes = file.bytes_on_disk();
    return TransferResult{rows, file.bytes_on_disk(), 0};
}

} // namespace ferry::pipeline
