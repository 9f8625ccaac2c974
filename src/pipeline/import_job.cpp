#include "pipeline/import_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "clickhouse/create_table_sql.h"
#include "clickhouse/http_client.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/load_sql.h"
#include "clickhouse/native_insert_probe.h"
#include "clickhouse/query_control.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "formats/csv_reader.h"
#include "io/read_stream.h"
#include "pipeline/column_mapping.h"
#include "clickhouse/type_support.h"
#include "pipeline/files_schema.h"
#include "pipeline/preview.h"
#include "pipeline/rejects_file.h"
#include "pipeline/staging_table.h"
#include "pipeline/encoded_rows.h"
#include "pipeline/load_strategy.h"
#include "clickhouse/target_facts.h"
#include "pipeline/table_definition.h"

namespace ferry::pipeline {

using clickhouse::quote_identifier;

namespace {

/// Bytes of encoded rows handed to libcurl at a time: large enough to amortise the calls, small enough
/// to keep memory flat.
constexpr std::size_t kBatchBytes = 1 << 20;

} // namespace

std::vector<ImportJob::Mapping>
ImportJob::map_columns(const std::vector<std::string>& file_columns, bool by_name,
                       const std::vector<clickhouse::ColumnInfo>& table_columns) const {
    return pipeline::map_columns(MappingInput{file_columns, by_name, table_columns, columns_to_load(request_),
                                              column_map_of(request_), request_.table,
                                              request_.file.path.filename().string()});
}

void ImportJob::create_table(clickhouse::HttpClient& client, const std::vector<std::string>&) const {
    // A schema chosen by the user needs no sniffing; several files are sampled each (files_schema.h). In skip
    // mode rows that do not parse are left out of the types (they will be rejected), and counted.
    std::vector<formats::ColumnSchema> inferred;
    if (request_.new_table.schema.empty()) {
        InferenceReport report;
        inferred = files_schema(input_files(request_), request_.on_error == OnError::Skip, &report);
        progress_.inference_skipped = report.skipped_rows;
        if (request_.on_inference_note) {
            for (const auto& note : report.notes) {
                request_.on_inference_note(note);
            }
        }
        if (report.sampled_rows == report.skipped_rows) {
            throw Error(ErrorKind::Data,
                        report.sampled_rows == 0
                            ? fmt::format("{} has a header but no data rows, so there are no values to infer "
                                          "the column types of table '{}' from; create the table first (an "
                                          "import of this file then loads 0 rows)",
                                          request_.file.path.filename().string(), request_.table)
                            : fmt::format("none of the {} sampled rows of {} could be read, so there are no "
                                          "values to infer the column types of table '{}' from; create the "
                                          "table first, or check the file's delimiter and quote",
                                          report.sampled_rows, request_.file.path.filename().string(),
                                          request_.table));
        }
    }
    if (!inferred.empty()) {
        // Sniffed Bool and DateTime64 columns as this server can hold them (probed, not read from its version).
        const auto support = clickhouse::probe_type_support(client);
        for (auto& column : inferred) {
            column.type = clickhouse::adapt_type(column.type, support);
        }
    }
    auto definition = table_definition(request_, inferred);
    definition.if_not_exists = true;
    client.query(clickhouse::create_table_sql(definition));
}

/// Drops a table that this import created when the import does not complete, so a failed `--create`
/// leaves nothing behind.
class ImportJob::CreatedTable {
public:
    CreatedTable(const clickhouse::Connection& connection, std::string table)
        : connection_(connection), table_(std::move(table)) {}
    ~CreatedTable() {
        if (!kept_) {
            try {
                clickhouse::HttpClient cleanup(connection_);
                cleanup.query(clickhouse::load_sql::drop_table(table_));
            } catch (...) {
                // The server is gone; the empty table stays, and the error already says the load failed.
            }
        }
    }
    void keep() { kept_ = true; }

private:
    clickhouse::Connection connection_;
    std::string table_;
    bool kept_ = false;
};

clickhouse::TargetFacts ImportJob::target_facts(clickhouse::HttpClient& client,
                                                const std::vector<std::string>& file_columns,
                                                std::optional<CreatedTable>& created) const {
    auto facts = clickhouse::read_target_facts(client, request_.table);
    if (facts.exists) {
        return facts;
    }
    if (!request_.create) {
        throw Error(ErrorKind::Usage,
                    fmt::format("table '{}' does not exist in database '{}' (use --create to create it "
                                "from the file's columns)",
                                request_.table, request_.connection.database));
    }
    create_table(client, file_columns);
    created.emplace(request_.connection, request_.table);
    return clickhouse::read_target_facts(client, request_.table);
}

void ImportJob::prevalidate(const std::vector<std::size_t>& file_indexes,
                            const std::vector<clickhouse::ColumnInfo>& target, clickhouse::InsertEncoder& encoder,
                            RejectsFile* rejects) {
    EncodedRows rows(input_files(request_), request_.columns);
    rows.set_columns(file_indexes, target, encoder);
    rows.set_bad_rows(rejects ? EncodedRows::BadRows::Reject : EncodedRows::BadRows::Fail, rejects,
                      request_.max_errors);
    std::string scratch;
    while (!rows.done()) {
        scratch.clear();
        rows.fill(scratch, kBatchBytes, 0);
        progress_.rejected = rejects ? rejects->count() : 0;
        cancel_.check();
    }
}

std::string ImportJob::load_key(const std::vector<std::string>& columns) const {
    std::error_code ec;
    std::string key;
    // Every input file: a different set of files is a different load (its deduplication tokens differ).
    for (const auto& file : input_files(request_)) {
        const auto size = std::filesystem::file_size(file.path, ec);
        const auto modified = std::filesystem::last_write_time(file.path, ec).time_since_epoch().count();
        key += fmt::format("{}\n{}\n{}\n", std::filesystem::absolute(file.path).string(), size, modified);
    }
    key += fmt::format("{}:{}\n{}.{}", request_.connection.host, request_.connection.port,
                       request_.connection.database, request_.table);
    for (const auto& column : columns) {
        key += "\n" + column;
    }
    return key;
}

TransferResult ImportJob::run() {
    progress_.phase = Phase::Connecting;
    clickhouse::HttpClient client(request_.connection);
    client.report_wire_bytes_to(&progress_.wire_bytes);
    const std::string timezone = client.query("SELECT timezone() FORMAT TabSeparated", {}, &cancel_);
    // Chosen (and probed) before anything is created: a codec the server refuses fails here.
    progress_.codec = client.request_codec();
    cancel_.check();

    EncodedRows rows(input_files(request_), request_.columns, &progress_);
    progress_.total_bytes = rows.total_bytes();
    const auto& file_columns = rows.file_columns();

    progress_.phase = Phase::Fetching;
    if (file_columns.empty()) {
        return load_empty_file(client);
    }
    std::optional<CreatedTable> created;
    auto facts = target_facts(client, file_columns, created);
    auto plan = choose_strategy(facts, request_.mode);
    const auto mappings =
        map_columns(file_columns, request_.file.dialect.header, clickhouse::list_columns(client, request_.table));
    std::vector<clickhouse::ColumnInfo> target;
    std::vector<std::string> target_names;
    std::vector<std::size_t> file_indexes;
    for (const auto& mapping : mappings) {
        target.push_back(mapping.column);
        target_names.push_back(mapping.column.name);
        file_indexes.push_back(mapping.file_index);
    }
    // Native where every column allows it (the server parses it with less CPU), else RowBinary / text.
    const std::string server_timezone = timezone.substr(0, timezone.find('\n'));
    const bool low_cardinality = std::any_of(target.begin(), target.end(), [](const clickhouse::ColumnInfo& column) {
        return column.type.starts_with("LowCardinality(");
    });
    const bool plain_into_low_cardinality =
        low_cardinality && clickhouse::native_plain_into_low_cardinality(
                               [&](const std::string& sql) { return client.query(sql, {}, &cancel_); });
    auto encoder = clickhouse::make_native_insert_encoder(target, server_timezone, plain_into_low_cardinality);
    if (!encoder) {
        encoder = clickhouse::make_insert_encoder(target, server_timezone);
    }

    StagingTable::drop_leftovers(client);
    const auto key = load_key(target_names);
    auto strategy = make_load_strategy(plan, request_.mode, client, facts, key);
    try {
        strategy->prepare();
    } catch (const std::exception& error) {
        if (!is_permission_error(error) || plan.kind == StrategyKind::Direct) {
            throw;
        }
        // The user may insert but not create tables (a grant the settings do not show): load directly.
        facts.can_create_tables = false;
        plan = choose_strategy(facts, request_.mode);
        strategy = make_load_strategy(plan, request_.mode, client, facts, key);
        strategy->prepare();
    }
    progress_.strategy = plan.kind;
    progress_.atomic = plan.atomic;
    if (request_.on_plan) {
        request_.on_plan(plan);
    }

    std::unique_ptr<RejectsFile> rejects;
    if (request_.on_error == OnError::Skip) {
        auto path = request_.rejects;
        if (path.empty()) {
            path = request_.file.path;
            path += ".rejects.csv";
        }
        rejects = std::make_unique<RejectsFile>(path, request_.file.dialect);
    }

    progress_.phase = Phase::Ingesting;
    if (plan.prevalidate) {
        // Nothing may be written before every row is known to load: a first pass only parses and encodes.
        prevalidate(file_indexes, target, *encoder, rejects.get());
    }
    rows.set_columns(file_indexes, target, *encoder);
    if (plan.prevalidate) {
        rows.set_bad_rows(rejects ? EncodedRows::BadRows::Skip : EncodedRows::BadRows::Fail);
    } else {
        rows.set_bad_rows(rejects ? EncodedRows::BadRows::Reject : EncodedRows::BadRows::Fail, rejects.get(),
                          request_.max_errors);
    }
    send_rows(client, *strategy, rows, target_names, *encoder, rejects.get());
    cancel_.check();

    strategy->commit(target_names, rows.rows());
    progress_.committed = strategy->committed();
    progress_.bytes = rows.raw_bytes_read();
    if (created) {
        created->keep();
    }
    TransferResult result;
    result.rows = rows.rows();
    result.bytes = rows.raw_bytes_read();
    result.plan = plan;
    result.wire_bytes = client.wire_bytes();
    result.codec = client.request_codec();
    result.inference_skipped = progress_.inference_skipped;
    result.repeated_headers = rows.repeated_headers();
    progress_.repeated_headers = result.repeated_headers.count;
    if (rejects) {
        rejects->commit();
        result.rejected = rejects->count();
    }
    return result;
}

TransferResult ImportJob::load_empty_file(clickhouse::HttpClient& client) const {
    // No header, no records: 0 rows, as the preview shows it. Nothing is created from it: it has no columns.
    const auto facts = clickhouse::read_target_facts(client, request_.table);
    const auto name = request_.file.path.filename().string();
    if (!facts.exists && request_.create) {
        throw Error(ErrorKind::Data, fmt::format("{} is empty: it has no columns to create table '{}' from; create "
                                                 "the table first (an import of an empty file then loads 0 rows)",
                                                 input_files(request_).size() > 1 ? "every file" : name,
                                                 request_.table));
    }
    if (!facts.exists) {
        throw Error(ErrorKind::Usage, fmt::format("table '{}' does not exist in database '{}'", request_.table,
                                                  request_.connection.database));
    }
    TransferResult result;
    result.wire_bytes = client.wire_bytes();
    result.codec = client.request_codec();
    return result;
}

void ImportJob::send_rows(clickhouse::HttpClient& client, LoadStrategy& strategy, EncodedRows& rows,
                          const std::vector<std::string>& columns, const clickhouse::InsertEncoder& encoder,
                          RejectsFile* rejects) {
    const std::string insert_sql = clickhouse::load_sql::insert(strategy.insert_table(), columns, encoder.format());

    const std::uint64_t rows_per_insert = strategy.rows_per_insert();
    std::string batch;
    batch.reserve(kBatchBytes + (64 << 10));
    std::size_t batch_pos = 0;
    std::uint64_t insert_rows = 0; // rows in the current INSERT
    std::exception_ptr failure;

    auto encode_batch = [&] {
        batch.clear();
        batch_pos = 0;
        const std::uint64_t room = rows_per_insert ? rows_per_insert - insert_rows : 0;
        try {
            insert_rows += rows.fill(batch, kBatchBytes, room);
        } catch (...) {
            progress_.rows = rows.rows(); // rows read before the one that failed, for honest counts
            throw;
        }
        progress_.rows = rows.rows();
        progress_.bytes = rows.raw_bytes_read();
        progress_.repeated_headers = rows.repeated_headers().count;
        progress_.rejected = rejects ? rejects->count() : progress_.rejected.load();
        cancel_.check();
    };
    const clickhouse::BodySource source = [&](char* dst, std::size_t capacity) -> std::size_t {
        try {
            if (batch_pos == batch.size()) {
                const bool insert_full = rows_per_insert && insert_rows >= rows_per_insert;
                if (rows.done() || insert_full) {
                    return 0;
                }
                encode_batch();
            }
            const std::size_t n = std::min(capacity, batch.size() - batch_pos);
            std::memcpy(dst, batch.data() + batch_pos, n);
            batch_pos += n;
            return n;
        } catch (...) {
            // Ending the body early makes the server reject or truncate the insert; either way this error,
            // the real cause, is rethrown below (staging tables are dropped; direct batches are whole).
            failure = std::current_exception();
            return 0;
        }
    };

    for (std::uint64_t index = 0;; ++index) {
        insert_rows = 0;
        encode_batch();
        if (batch.empty() && rows.done()) {
            break;
        }
        try {
            client.insert(insert_sql, source, strategy.insert_settings(index), &cancel_);
        } catch (const Error& error) {
            if (error.kind() == ErrorKind::Cancelled) {
                clickhouse::kill_query(request_.connection, client.last_query_id());
            }
            if (!failure) {
                progress_.committed = strategy.committed();
                throw;
            }
        }
        if (failure) {
            progress_.committed = strategy.committed();
            std::rethrow_exception(failure);
        }
        strategy.inserted(insert_rows);
        progress_.committed = strategy.committed();
        if (rows.done()) {
            break;
        }
    }
}

} // namespace ferry::pipeline
