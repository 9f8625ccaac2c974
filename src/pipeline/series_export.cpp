#include "pipeline/series_export.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "clickhouse/join.h"
#include "clickhouse/query_control.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "formats/tsv.h"
#include "pipeline/export_answer.h"
#include "pipeline/export_description.h"
#include "pipeline/export_job.h"
#include "pipeline/partition_expression.h"
#include "pipeline/result_stream.h"
#include "pipeline/split_file_sink.h"

namespace ferry::pipeline {

using clickhouse::quote_identifier;
using clickhouse::quote_string;

namespace {

/// More files than this from --partition-by is almost surely a wrong expression (a timestamp instead of
/// its day); refuse before writing anything.
constexpr std::size_t kMaxPartitions = 10'000;

/// The source's rows, filtered by `condition` (SQL); a plain table is filtered directly (so the
/// expression may use any of its columns and the server can skip parts by its indexes), a join from
/// outside (so the expression uses the join's output columns).
std::string filtered_select(const ExportRequest& request, const std::string& condition,
                            const clickhouse::JoinSupport& support) {
    const auto select = clickhouse::build_select(request.source.table, request.source.joins, request.columns, 0,
                                                 {request.source.join_defaults, support});
    if (request.source.joins.empty()) {
        return select + " WHERE " + condition;
    }
    return "SELECT * FROM (" + select + ") WHERE " + condition;
}

std::string from_clause(const ExportRequest& request, const clickhouse::JoinSupport& support) {
    if (request.source.joins.empty()) {
        return quote_identifier(request.source.table);
    }
    return "(" +
           clickhouse::build_select(request.source.table, request.source.joins, request.columns, 0,
                                    {request.source.join_defaults, support}) +
           ")";
}

} // namespace

std::vector<SeriesExport::Unit> SeriesExport::partition_units(clickhouse::HttpClient& client,
                                                              FileSeries& series) const {
    const auto expression = contained_partition_expression(request_.split.partition_by);
    struct Value {
        std::string key;  ///< TSV-escaped, \N for NULL
        std::string text; ///< unescaped
        bool null;
        std::uint64_t rows;
    };
    std::vector<Value> values;
    std::string type;
    ResultStream result([](const std::vector<std::string>&) {},
                        [&](std::span<const formats::TsvField> row) {
                            Value value{.key = "", .text = std::string(row[0].value), .null = row[0].is_null,
                                        .rows = std::stoull(std::string(row[1].value))};
                            if (value.null) {
                                value.key = "\\N";
                            } else {
                                formats::escape_tsv(value.text, value.key);
                            }
                            values.push_back(std::move(value));
                            if (values.size() > kMaxPartitions) {
                                throw Error(ErrorKind::Usage,
                                            fmt::format("--partition-by {} gives more than {} values (files); "
                                                        "choose a coarser expression, e.g. toYYYYMM(day)",
                                                        printable_value(request_.split.partition_by),
                                                        kMaxPartitions));
                            }
                        });
    const std::string sql =
        fmt::format("SELECT {} AS `__ferry_partition`, count() AS `__ferry_rows` FROM {} GROUP BY "
                    "`__ferry_partition` ORDER BY `__ferry_partition`{}",
                    expression, from_clause(request_, join_support_), ResultStream::kFormat);
    client.query_streaming(sql, [&](std::string_view chunk) { result.feed(chunk); }, source_settings(request_.source),
                           &cancel_);
    result.finish();
    type = result.types().at(0);

    std::vector<std::string> keys;
    for (const auto& value : values) {
        keys.push_back(value.key);
    }
    series.assign_labels(keys);
    std::vector<Unit> units;
    for (const auto& value : values) {
        // The value goes back as a string literal cast to the expression's own type (never spliced), so
        // the comparison is exact and the server can still use its indexes.
        const auto condition = value.null ? fmt::format("isNull({})", expression)
                                          : fmt::format("{} = CAST({}, {})", expression,
                                                        quote_string(value.text), quote_string(type));
        units.push_back(Unit{.sql = filtered_select(request_, condition, join_support_),
                             .partition_key = value.key,
                             .expected_rows = value.rows,
                             .checked = true,
                             .what = "partition " + printable_value(value.null ? "NULL" : value.text)});
    }
    return units;
}

std::vector<SeriesExport::Unit> SeriesExport::part_units(clickhouse::HttpClient& client) const {
    // Active data parts of a MergeTree table, largest first, dealt to the streams so their rows even out.
    const auto listing = client.query(
        fmt::format("SELECT name, rows FROM system.parts WHERE database = currentDatabase() AND table = {} "
                    "AND active ORDER BY rows DESC, name FORMAT TabSeparated",
                    quote_string(request_.source.table)),
        {}, &cancel_);
    struct Group {
        std::vector<std::string> parts;
        std::uint64_t rows = 0;
    };
    std::vector<Group> groups(request_.split.parallel);
    std::size_t start = 0;
    while (start < listing.size()) {
        auto end = listing.find('\n', start);
        if (end == std::string::npos) {
            end = listing.size();
        }
        const std::string line = listing.substr(start, end - start);
        start = end + 1;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            continue;
        }
        auto& smallest = *std::min_element(groups.begin(), groups.end(),
                                           [](const Group& a, const Group& b) { return a.rows < b.rows; });
        smallest.parts.push_back(line.substr(0, tab));
        smallest.rows += std::stoull(line.substr(tab + 1));
    }
    std::vector<Unit> units;
    for (const auto& group : groups) {
        if (group.parts.empty()) {
            continue;
        }
        std::string list;
        for (const auto& part : group.parts) {
            list += (list.empty() ? "" : ", ") + quote_string(part);
        }
        units.push_back(Unit{.sql = filtered_select(request_, "_part IN (" + list + ")", join_support_),
                             .partition_key = "",
                             .expected_rows = group.rows,
                             .checked = true,
                             .what = fmt::format("data parts {}", printable_value(list, 120))});
    }
    return units;
}

std::vector<SeriesExport::Unit> SeriesExport::plan(clickhouse::HttpClient& client, FileSeries& series) const {
    if (!request_.split.partition_by.empty()) {
        return partition_units(client, series);
    }
    if (request_.split.parallel > 1 && request_.source.joins.empty()) {
        const auto engine = client.query(
            fmt::format("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = {} "
                        "FORMAT TabSeparated",
                        quote_string(request_.source.table)),
            {}, &cancel_);
        // Only MergeTree tables have parts to split by; the other engines read in one stream.
        if (engine.find("MergeTree") != std::string::npos) {
            auto units = part_units(client);
            if (units.size() > 1) {
                return units;
            }
        }
    }
    return {Unit{.sql = source_query(request_.source, request_.columns, 0, join_support_),
                 .partition_key = "",
                 .expected_rows = 0,
                 .checked = false,
                 .what = "the export"}};
}

std::uint64_t SeriesExport::run_unit(clickhouse::HttpClient& client, const Unit& unit, FileSeries& series,
                                     const CancelToken& stop) {
    const SplitLimits limits{.rows = request_.split.rows, .bytes = request_.split.bytes};
    std::optional<SplitFileSink> sink;
    std::uint64_t reported = 0;
    const auto on_header = [&](const std::vector<std::string>& names) {
        {
            std::lock_guard lock(columns_mutex_);
            if (columns_.empty()) {
                columns_ = names;
            }
        }
        sink.emplace(series, unit.partition_key, request_.file.dialect, limits, names);
    };
    try {
        stream_export(
            client, answer_columns_, unit.sql, source_settings(request_.source), &stop, on_header,
            [&](std::span<const formats::TsvField> row) { sink->write_row(row); },
            [&] {
                if (sink) {
                    progress_.rows += sink->rows() - reported;
                    reported = sink->rows();
                    progress_.bytes = series.bytes_on_disk();
                    progress_.files_done = series.files().size();
                    progress_.current_file.set(sink->current_path());
                }
                cancel_.check();
                stop.check();
            });
    } catch (const Error& error) {
        if (error.kind() == ErrorKind::Cancelled) {
            clickhouse::kill_query(request_.connection, client.last_query_id());
        }
        add_join_advice(error, request_.source);
        throw;
    }
    sink->finish();
    progress_.rows += sink->rows() - reported;
    progress_.files_done = series.files().size();
    if (unit.checked && sink->rows() != unit.expected_rows) {
        throw Error(ErrorKind::Data,
                    fmt::format("{}: ClickHouse counted {} rows before the export but sent {}; the table "
                                "changed while it was read (or --partition-by is not deterministic). "
                                "No file was written; run the export again",
                                unit.what, unit.expected_rows, sink->rows()));
    }
    return sink->rows();
}

void SeriesExport::run_parallel(const std::vector<Unit>& units, FileSeries& series, unsigned streams) {
    CancelToken stop; // set on the user's cancel or the first failure: the other streams end too
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::exception_ptr failure;
    std::atomic<unsigned> running{streams};
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < streams; ++t) {
        threads.emplace_back([&] {
            try {
                clickhouse::HttpClient client(request_.connection);
                for (std::size_t i = next++; i < units.size() && !stop.cancelled(); i = next++) {
                    run_unit(client, units[i], series, stop);
                }
            } catch (...) {
                std::lock_guard lock(mutex);
                // The first failure is the cause; the others are the streams it stopped.
                if (!failure) {
                    failure = std::current_exception();
                }
                stop.cancel();
            }
            --running;
        });
    }
    while (running > 0) {
        if (cancel_.cancelled()) {
            stop.cancel();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (auto& thread : threads) {
        thread.join();
    }
    cancel_.check();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

std::string SeriesExport::manifest_members(const std::vector<std::string>& columns) const {
    namespace json = boost::json;
    json::array names;
    for (const auto& name : columns) {
        names.emplace_back(name);
    }
    json::object extra{{"columns", std::move(names)},
                       {"split_rows", request_.split.rows},
                       {"split_bytes", request_.split.bytes}};
    if (!request_.split.partition_by.empty()) {
        extra["partition_by"] = request_.split.partition_by;
    } else {
        extra["partition_by"] = nullptr;
    }
    auto text = json::serialize(extra);
    return text.substr(1, text.size() - 2); // the members without the braces
}

TransferResult SeriesExport::run() {
    progress_.phase = Phase::Connecting;
    // Every unit reads the same columns: described (and the server probed) once for all of them, on a
    // second connection while this one chooses the codec of the units' answers.
    auto described = describe_export_aside(request_, cancel_);
    clickhouse::HttpClient client(request_.connection);
    client.server_version();
    client.response_codec();
    auto description = described.get();
    join_support_ = description.join_support;
    answer_columns_ = std::move(description.columns);
    cancel_.check();

    const bool numbered = request_.split.rows > 0 || request_.split.bytes > 0;
    FileSeries series(request_.file.path, numbered);
    progress_.phase = Phase::Fetching;
    const auto units = plan(client, series);
    cancel_.check();
    progress_.phase = Phase::Ingesting;

    const unsigned streams = std::min<unsigned>(std::max(1u, request_.split.parallel),
                                                static_cast<unsigned>(units.size()));
    if (streams <= 1) {
        for (const auto& unit : units) {
            run_unit(client, unit, series, cancel_);
        }
    } else {
        run_parallel(units, series, streams);
    }
    if (units.empty()) {
        // --partition-by over an empty source: no values, no files; the manifest still says so.
        columns_.clear();
    }
    cancel_.check();
    series.commit(manifest_members(columns_));

    TransferResult result;
    for (const auto& file : series.files()) {
        result.rows += file.rows;
        result.bytes += file.bytes;
    }
    result.files = series.files().size();
    result.manifest = series.manifest_path();
    progress_.rows = result.rows;
    progress_.bytes = result.bytes;
    progress_.files_done = result.files;
    progress_.files_total = result.files;
    return result;
}

} // namespace ferry::pipeline
