#include "pipeline/export_answer.h"

#include <cstdlib>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "clickhouse/prefetched_queries.h"
#include "common/error.h"
#include "pipeline/native_result_stream.h"

namespace ferry::pipeline {

ExportAnswer export_answer_from_environment() {
    const char* value = std::getenv("FERRY_EXPORT_ANSWER");
    const std::string_view text = value == nullptr ? "" : value;
    return text == "tsv" ? ExportAnswer::Text : text == "native" ? ExportAnswer::Native : ExportAnswer::Auto;
}

ExportColumns describe_export(clickhouse::HttpClient& client, const std::string& select,
                              const clickhouse::Settings& settings, const CancelToken* cancel,
                              ExportAnswer answer) {
    ExportColumns columns;
    if (answer == ExportAnswer::Text) {
        return columns;
    }
    try {
        clickhouse::parse_describe(client.query(clickhouse::describe_select_sql(select), settings, cancel),
                                   columns.names, columns.types);
        clickhouse::PrefetchedQueries queries(client, cancel);
        queries.prefetch(clickhouse::NativeTextProbe::queries_for(columns.types));
        clickhouse::NativeTextProbe probe([&](const std::string& sql) { return queries.run(sql); });
        columns.support = probe.support_for(columns.types);
    } catch (const Error& error) {
        // A query the server cannot describe (or a probe it refuses) is read as TabSeparated, which then
        // reports the query's own error, if it has one.
        if (error.kind() != ErrorKind::Query || answer == ExportAnswer::Native) {
            throw;
        }
        columns = ExportColumns{};
    }
    return columns;
}

void stream_export(clickhouse::HttpClient& client, const ExportColumns& columns, const std::string& select,
                   const clickhouse::Settings& settings, const CancelToken* cancel,
                   const ResultStream::HeaderCallback& on_header, const ResultStream::RowCallback& on_row,
                   const std::function<void()>& after_chunk, ExportAnswer answer) {
    std::optional<clickhouse::NativeSelect> plan;
    if (columns.support && answer != ExportAnswer::Text) {
        plan = clickhouse::plan_native_select(select, columns.names, columns.types, *columns.support);
    }
    const auto read_text = [&] {
        ResultStream result(on_header, on_row);
        client.query_streaming(
            select + ResultStream::kFormat,
            [&](std::string_view chunk) {
                result.feed(chunk);
                after_chunk();
            },
            settings, cancel);
        result.finish();
    };
    if (!plan) {
        if (answer == ExportAnswer::Native) {
            throw Error(ErrorKind::Internal,
                        fmt::format("FERRY_EXPORT_ANSWER=native, but the result (types {}) can only be read as "
                                    "TabSeparated",
                                    fmt::join(columns.types, ", ")));
        }
        read_text();
        return;
    }
    clickhouse::Settings native_settings = settings;
    native_settings.insert(plan->settings.begin(), plan->settings.end());
    bool started = false; // the header is written with the first bytes: a failure before them can retry
    std::unique_ptr<clickhouse::HttpClient> side; // made on first use: `client` is busy with the answer
    NativeResultStream result(*plan, on_row, [&](const std::string& sql) {
        if (!side) {
            side = std::make_unique<clickhouse::HttpClient>(client.connection());
        }
        return side->query(sql, settings, cancel);
    });
    try {
        client.query_streaming(
            plan->sql,
            [&](std::string_view chunk) {
                if (!started) {
                    started = true;
                    on_header(columns.names);
                }
                result.feed(chunk);
                after_chunk();
            },
            native_settings, cancel);
    } catch (const Error& error) {
        // 18.16 fails some queries only in Native ("Sizes of columns doesn't match" for a join without
        // matches): a query error before any byte arrived is asked again as TabSeparated, which gives the
        // rows or the query's own error.
        if (started || error.kind() != ErrorKind::Query || answer == ExportAnswer::Native) {
            throw;
        }
        read_text();
        return;
    }
    if (!started) {
        on_header(columns.names);
    }
    result.finish();
}

} // namespace ferry::pipeline
