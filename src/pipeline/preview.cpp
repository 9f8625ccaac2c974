#include "pipeline/preview.h"

#include <fmt/format.h>

#include <algorithm>

#include "clickhouse/http_client.h"
#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/repeated_header.h"
#include "formats/tsv.h"
#include "io/read_stream.h"
#include "pipeline/export_job.h"
#include "pipeline/file_sniff.h"
#include "pipeline/result_stream.h"

namespace ferry::pipeline {

namespace {

/// Indices of `wanted` within `columns`; all columns when `wanted` is empty.
std::vector<std::size_t> pick_columns(const std::vector<std::string>& columns,
                                      const std::vector<std::string>& wanted, std::string_view where) {
    std::vector<std::size_t> picked;
    if (wanted.empty()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            picked.push_back(i);
        }
        return picked;
    }
    for (const auto& name : wanted) {
        const auto it = std::find(columns.begin(), columns.end(), name);
        if (it == columns.end()) {
            throw Error(ErrorKind::Usage, fmt::format("column '{}' is not in {}", name, where));
        }
        picked.push_back(static_cast<std::size_t>(it - columns.begin()));
    }
    return picked;
}

} // namespace

PreviewTable preview_file(const FileSpec& file, const std::vector<std::string>& columns, std::size_t limit,
                          bool collect_bad_rows) {
    auto input = open_text_input(file);
    formats::CsvReader reader(*input, file.dialect);
    std::vector<std::string> names;
    bool pending = false;
    formats::RepeatedHeader header;
    if (reader.next()) {
        if (file.dialect.header) {
            header.set(reader.fields());
            names = formats::header_names(reader);
        } else {
            for (std::size_t i = 1; i <= reader.fields().size(); ++i) {
                names.push_back(fmt::format("c{}", i));
            }
            pending = true;
        }
    }
    const auto picked = pick_columns(names, columns, file.path.filename().string());
    PreviewTable table;
    for (auto index : picked) {
        table.columns.push_back(names[index]);
    }
    // A bad record: fatal, or listed and left out.
    const auto bad = [&](const Error& error) {
        if (!collect_bad_rows || error.kind() != ErrorKind::Data) {
            throw error;
        }
        if (table.bad_rows.size() < formats::kMaxBadRows) {
            table.bad_rows.push_back(formats::bad_row_of(error));
        }
    };
    const auto next = [&] {
        try {
            return reader.next();
        } catch (const Error& error) {
            bad(error);
            return false;
        }
    };
    while (table.rows.size() < limit && (pending || next())) {
        pending = false;
        if (!file.dialect.keep_repeated_headers && header.matches(reader.fields())) {
            ++table.repeated_headers; // as the import leaves it out
            continue;
        }
        try {
            reader.expect_field_count(names.size());
        } catch (const Error& error) {
            bad(error);
            continue;
        }
        auto& row = table.rows.emplace_back();
        for (auto index : picked) {
            const auto& field = reader.fields()[index];
            row.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.value));
        }
    }
    return table;
}

PreviewTable preview_clickhouse(const clickhouse::Connection& connection, const TableSource& source,
                                const std::vector<std::string>& columns, std::size_t limit, bool hint) {
    clickhouse::HttpClient client(connection);
    PreviewTable table;
    ResultStream result([&](const std::vector<std::string>& names) { table.columns = names; },
                        [&](std::span<const formats::TsvField> row) {
                            auto& out = table.rows.emplace_back();
                            for (const auto& field : row) {
                                out.push_back(field.is_null ? std::nullopt
                                                            : std::optional<std::string>(field.value));
                            }
                        });
    const auto support = source_join_support(client, source);
    try {
        // A preview is a page of rows: asked as a plain answer, it skips choosing a wire codec (a probe and
        // a 2 MiB link measurement) and 18.16's empty framed answers, which cost a second round trip.
        result.feed(client.query(source_select(source, columns, limit, support), source_settings(source)));
    } catch (const Error& error) {
        add_join_advice(error, source);
        throw;
    }
    result.finish();
    table.types = result.types();
    if (hint && !source.joins.empty()) {
        table.join_hint = join_hint(client, source, columns, support);
    }
    return table;
}

} // namespace ferry::pipeline
