#include "pipeline/files_schema.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "common/error.h"
#include "formats/type_widening.h"
#include "pipeline/file_sniff.h"
#include "pipeline/preview.h"

namespace ferry::pipeline {

namespace {

using Sampler = ColumnSampler;

/// What a column of no value but NULLs in its sample is typed as (type_detector.h).
constexpr std::string_view kAllNullType = "Nullable(String)";

/// The sample of one file, with an error naming the file when it had no name yet.
std::vector<formats::ColumnSchema> sample_of(const FileSpec& file, const Sampler& sample) {
    try {
        return sample(file);
    } catch (const Error& error) {
        if (!error.context().file.empty()) {
            throw;
        }
        auto context = error.context();
        context.file = file.path.string();
        throw Error(error.kind(), file.path.string() + ": " + error.what(), std::move(context));
    }
}

/// For each column of `schema`: true when its sample had only NULLs, so it says nothing about the type (a
/// sparse column of one file must not turn the others' numbers into Strings). Only columns typed
/// kAllNullType are checked, against the same first records the sample read.
std::vector<bool> only_nulls(const FileSpec& file, const std::vector<formats::ColumnSchema>& schema) {
    std::vector<bool> result(schema.size(), false);
    if (std::none_of(schema.begin(), schema.end(), [](const auto& c) { return c.type == kAllNullType; })) {
        return result;
    }
    const auto preview = preview_file(file, {}, 1000, true);
    for (std::size_t i = 0; i < schema.size() && i < preview.columns.size(); ++i) {
        if (schema[i].type != kAllNullType) {
            continue;
        }
        result[i] = std::all_of(preview.rows.begin(), preview.rows.end(),
                                [&](const auto& row) { return i >= row.size() || !row[i].has_value(); });
    }
    return result;
}

std::vector<formats::ColumnSchema> combine(const std::vector<FileSpec>& files, const Sampler& sample,
                                           std::vector<formats::ColumnSchema> first) {
    auto& schema = first;
    std::vector<bool> typed(schema.size());
    const auto first_nulls = only_nulls(files.front(), schema);
    for (std::size_t i = 0; i < schema.size(); ++i) {
        typed[i] = !first_nulls[i];
    }
    for (const auto index : sampled_files(files.size())) {
        if (index == 0) {
            continue;
        }
        const auto other = sample_of(files[index], sample);
        const auto nulls = only_nulls(files[index], other);
        for (std::size_t j = 0; j < other.size(); ++j) {
            for (std::size_t i = 0; i < schema.size(); ++i) {
                if (schema[i].name != other[j].name) {
                    continue;
                }
                if (nulls[j]) {
                    schema[i].type = formats::as_nullable(schema[i].type);
                } else if (!typed[i]) {
                    schema[i].type = formats::as_nullable(other[j].type);
                    typed[i] = true;
                } else {
                    schema[i].type = formats::widen_type(schema[i].type, other[j].type);
                }
                break;
            }
        }
    }
    return first;
}

} // namespace

std::vector<std::size_t> sampled_files(std::size_t count, std::size_t max_files) {
    std::vector<std::size_t> indexes;
    if (count <= max_files || max_files < 2) {
        for (std::size_t i = 0; i < count && (i < max_files || count <= max_files); ++i) {
            indexes.push_back(i);
        }
        return indexes;
    }
    for (std::size_t i = 0; i < max_files; ++i) {
        // Evenly spread, rounding down; i = max_files - 1 gives the last file. Distinct since count > max.
        indexes.push_back(i * (count - 1) / (max_files - 1));
    }
    return indexes;
}

std::vector<formats::ColumnSchema> files_schema(const std::vector<FileSpec>& files, bool skip_bad_rows,
                                                InferenceReport* report) {
    InferenceReport seen;
    const Sampler sample = [&](const FileSpec& file) {
        if (!skip_bad_rows) {
            check_sample(file); // a malformed row fails here, before a table is created from the schema
        }
        const auto sniffed = sniff_file(file.path, formats::DialectChoice::all_of(file.dialect), true, skip_bad_rows);
        seen.sampled_rows += sniffed.result.sampled_rows;
        seen.skipped_rows += sniffed.result.bad_row_count;
        std::vector<formats::ColumnSchema> schema;
        for (const auto& column : sniffed.result.columns) {
            schema.push_back({column.name, column.type, column.format, column.note});
            if (!column.note.empty()) {
                seen.notes.push_back(fmt::format("{}{}: {}", files.size() > 1 ? file.path.string() + ": " : "",
                                                 column.name, column.note));
            }
        }
        return schema;
    };
    auto schema = combine(files, sample, sample_of(files.front(), sample));
    if (report) {
        *report = seen;
    }
    return schema;
}

std::vector<formats::ColumnSchema> widen_by_files(std::vector<formats::ColumnSchema> first,
                                                  const std::vector<FileSpec>& files, const ColumnSampler& sample) {
    return combine(files, sample, std::move(first));
}

std::vector<formats::ColumnSchema> sniffed_columns(const FileSpec& file) {
    const auto sniffed = sniff_file(file.path, formats::DialectChoice::all_of(file.dialect), true);
    std::vector<formats::ColumnSchema> schema;
    for (const auto& column : sniffed.result.columns) {
        schema.push_back({column.name, column.type, column.format, column.note});
    }
    return schema;
}

} // namespace ferry::pipeline
