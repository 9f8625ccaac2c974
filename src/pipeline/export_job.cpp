#include "pipeline/export_job.h"

#include <fmt/format.h>

#include "clickhouse/http_client.h"
#include "clickhouse/query_control.h"
#include "common/error.h"
#include "formats/csv_writer.h"
#include "formats/tsv.h"
#include "io/write_stream.h"
#include "pipeline/export_answer.h"
#include "pipeline/export_description.h"
#include "pipeline/result_stream.h"
#include "pipeline/series_export.h"

namespace ferry::pipeline {

std::string source_query(const TableSource& source, const std::vector<std::string>& columns,
                         std::size_t limit, const clickhouse::JoinSupport& support) {
    return clickhouse::build_select(source.table, source.joins, columns, limit, {source.join_defaults, support});
}

std::string source_select(const TableSource& source, const std::vector<std::string>& columns,
                          std::size_t limit, const clickhouse::JoinSupport& support) {
    return source_query(source, columns, limit, support) + ResultStream::kFormat;
}

clickhouse::Settings source_settings(const TableSource& source) {
    return clickhouse::join_settings(source.joins, source.join_defaults);
}

void add_join_advice(const Error& error, const TableSource& source) {
    const std::string_view message = error.what();
    if (error.kind() != ErrorKind::Query || source.joins.empty() ||
        source.join_defaults != clickhouse::JoinDefaults::Sql ||
        message.find("cannot be inside Nullable") == std::string_view::npos) {
        return;
    }
    throw Error(ErrorKind::Query,
                std::string(message) +
                    "\nThis server cannot give an array column NULL for rows without a match (an array cannot be "
                    "Nullable; ClickHouse 19.x and newer keep it an empty array []). Leave the array column out, "
                    "or keep ClickHouse's defaults for the whole join (--join-defaults clickhouse, API "
                    "\"join_defaults\": \"clickhouse\").",
                error.context());
}

clickhouse::JoinSupport source_join_support(clickhouse::HttpClient& client, const TableSource& source) {
    return source.joins.empty() ? clickhouse::JoinSupport{} : clickhouse::probe_join_support(client);
}

TransferResult ExportJob::run() {
    if (request_.split.any()) {
        return SeriesExport(request_, progress_, cancel_).run();
    }
    progress_.phase = Phase::Connecting;
    auto described = describe_export_aside(request_, cancel_); // while this client chooses its codec
    clickhouse::HttpClient client(request_.connection);
    client.report_wire_bytes_to(&progress_.wire_bytes);
    client.server_version();
    progress_.codec = client.response_codec();
    cancel_.check();

    io::AtomicFile file(request_.file.path);
    formats::CsvWriter writer(file.stream(), request_.file.dialect);
    std::uint64_t rows = 0;
    const auto on_header = [&](const std::vector<std::string>& names) {
        if (request_.file.dialect.header) {
            for (const auto& name : names) {
                writer.field(name);
            }
            writer.end_row();
        }
    };
    const auto on_row = [&](std::span<const formats::TsvField> row) {
        writer.write_row(row);
        ++rows;
    };

    progress_.phase = Phase::Fetching;
    bool first_chunk = true;
    std::uint64_t describe_wire_bytes = 0;
    try {
        const auto description = described.get();
        describe_wire_bytes = description.wire_bytes;
        const auto after_chunk = [&] {
            if (first_chunk) {
                progress_.phase = Phase::Ingesting;
                first_chunk = false;
            }
            progress_.rows = rows;
            progress_.bytes = file.bytes_on_disk();
            cancel_.check();
        };
        stream_export(client, description.columns, description.select, source_settings(request_.source),
                      &cancel_, on_header, on_row, after_chunk);
    } catch (const Error& error) {
        if (error.kind() == ErrorKind::Cancelled) {
            clickhouse::kill_query(request_.connection, client.last_query_id());
        }
        add_join_advice(error, request_.source);
        throw;
    }
    writer.flush();
    file.commit();
    progress_.rows = rows;
    progress_.bytes = file.bytes_on_disk();
    TransferResult done;
    done.rows = rows;
    done.bytes = file.bytes_on_disk();
    done.wire_bytes = client.wire_bytes() + describe_wire_bytes;
    done.codec = client.response_codec();
    return done;
}

} // namespace ferry::pipeline
