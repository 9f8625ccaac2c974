#pragma once
/// Which file column goes into which table column: by name (or by position without a header), with an
/// explicit map (file column -> table column) overriding the name match. Errors are advice that holds
/// for the web app and the command line alike (no flags in them).

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "clickhouse/catalog.h"

namespace ferry::pipeline {

/// One loaded column: where it is in each file record and what it is called in the table.
struct ColumnMapping {
    std::size_t file_index;
    clickhouse::ColumnInfo column;
};

struct MappingInput {
    std::vector<std::string> file_columns;              ///< header names, or c1, c2... without a header
    bool by_name = true;                                ///< false without a header: file column N -> table column N
    std::vector<clickhouse::ColumnInfo> table_columns;  ///< in table order
    std::vector<std::string> wanted;                    ///< file columns to load; empty = all
    std::map<std::string, std::string> column_map;      ///< file column -> table column
    std::string table;                                  ///< for messages
    std::string file;                                   ///< file name, for messages
};

/// Throws Error(Usage): a wanted or mapped column that is not in the file, a file column with no table
/// column of that name ("... map it to one of the table's columns, or leave it out"), a map target that
/// is not a table column, two file columns into one table column, nothing to load.
std::vector<ColumnMapping> map_columns(const MappingInput& input);

} // namespace ferry::pipeline
