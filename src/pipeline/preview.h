#pragma once
/// The first rows of a source, and a file's inferred schema, for the UI and `ferry preview`/`columns`.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "formats/schema_sniffer.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

struct PreviewTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows; ///< nullopt is NULL
};

/// Reads only as many records as needed (a 1 GB file previews in milliseconds).
PreviewTable preview_file(const FileSpec& file, const std::vector<std::string>& columns,
                          std::size_t limit = 100);
PreviewTable preview_clickhouse(const clickhouse::Connection& connection, const TableSource& source,
                                const std::vector<std::string>& columns, std::size_t limit = 100);
std::vector<formats::ColumnSchema> file_schema(const FileSpec& file);

} // namespace ferry::pipeline
