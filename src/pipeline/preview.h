#pragma once
/// The first rows of a source, and a file's inferred schema, for the UI and `ferry preview`/`columns`.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "formats/schema_sniffer.h"
#include "pipeline/join_hint.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

struct PreviewTable {
    std::vector<std::string> columns;
    std::vector<std::string> types; ///< ClickHouse types of a table or join preview; empty for files
    std::vector<std::vector<std::optional<std::string>>> rows; ///< nullopt is NULL
    std::vector<formats::BadRow> bad_rows;                      ///< with collect_bad_rows: records left out
    std::optional<JoinHint> join_hint;                          ///< a join's row count and fan-out
    std::uint64_t repeated_headers = 0; ///< files: records identical to the header, left out (repeated_header.h)
};

/// Reads only as many records as needed (a 1 GB file previews in milliseconds). A record that cannot be
/// read fails the preview, unless `collect_bad_rows`: then it is left out and listed in `bad_rows` (broken
/// quoting ends the preview there, since the reader cannot resume).
PreviewTable preview_file(const FileSpec& file, const std::vector<std::string>& columns,
                          std::size_t limit = 100, bool collect_bad_rows = false);
/// With `hint`, a source with joins also gets its join_hint (a few more queries, each time-limited).
PreviewTable preview_clickhouse(const clickhouse::Connection& connection, const TableSource& source,
                                const std::vector<std::string>& columns, std::size_t limit = 100,
                                bool hint = false);

} // namespace ferry::pipeline
