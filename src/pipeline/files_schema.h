#pragma once
/// The inferred columns of an import of several files (for `create`, and the web app's schema of a
/// multi-file pick): not the first file's sample alone, which would make an Int64 column of a set whose
/// fortieth file has decimals. A bounded sample of each of up to kMaxSampledFiles files, spread through the
/// set (the first and the last always among them), is typed like one file, and the types are widened where
/// the files disagree (formats/type_widening.h). Columns are matched by name; the first file's columns,
/// in its order, are the result (they are what the import loads).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "formats/schema_sniffer.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

inline constexpr std::size_t kMaxSampledFiles = 64;

/// Which of `count` files are sampled: all when `count <= max_files`, else `max_files` of them evenly
/// spread, the first and the last included. Ascending.
std::vector<std::size_t> sampled_files(std::size_t count, std::size_t max_files = kMaxSampledFiles);

/// What inferring the columns of an import's files saw.
struct InferenceReport {
    std::uint64_t sampled_rows = 0; ///< data rows sampled, the skipped ones included
    std::uint64_t skipped_rows = 0; ///< sampled rows that do not parse, left out of the types
    /// "amount: String because of line 57 ('n/a'); ..." - why a column got its type, where the sniffer says
    std::vector<std::string> notes;
};

/// The columns of `files` (not empty), each sampled as an import reads it: a record that cannot be read
/// fails with the file named, before a table is created from the result. With `skip_bad_rows` (an import
/// with OnError::Skip, which will reject such records) they are left out of the types instead, and
/// counted in `report`.
std::vector<formats::ColumnSchema> files_schema(const std::vector<FileSpec>& files, bool skip_bad_rows = false,
                                                InferenceReport* report = nullptr);

/// How one file's columns are sampled: checked and sniffed for `create`; the web app's schema answer sniffs
/// leniently (rows that cannot be read are left out).
using ColumnSampler = std::function<std::vector<formats::ColumnSchema>(const FileSpec&)>;

/// `first` (the first file's columns, as sampled already) widened by `sample` of the other files.
std::vector<formats::ColumnSchema> widen_by_files(std::vector<formats::ColumnSchema> first,
                                                  const std::vector<FileSpec>& files, const ColumnSampler& sample);

/// A sampler that only sniffs (no check of the rows): for answers that report bad rows instead of failing.
std::vector<formats::ColumnSchema> sniffed_columns(const FileSpec& file);

} // namespace ferry::pipeline
