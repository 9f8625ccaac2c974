#include "pipeline/column_mapping.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/error.h"

namespace ferry::pipeline {

namespace {

std::string table_names(const std::vector<clickhouse::ColumnInfo>& columns) {
    std::vector<std::string> names;
    for (const auto& column : columns) {
        names.push_back(column.name);
    }
    return printable_names(names);
}

const clickhouse::ColumnInfo* table_column(const MappingInput& input, const std::string& name) {
    const auto it = std::find_if(input.table_columns.begin(), input.table_columns.end(),
                                 [&](const auto& column) { return column.name == name; });
    return it == input.table_columns.end() ? nullptr : &*it;
}

} // namespace

std::vector<ColumnMapping> map_columns(const MappingInput& input) {
    for (const auto& [from, to] : input.column_map) {
        if (std::find(input.file_columns.begin(), input.file_columns.end(), from) == input.file_columns.end()) {
            throw Error(ErrorKind::Usage, fmt::format("cannot map '{}': it is not a column of {} (its columns: {})",
                                                      from, input.file, printable_names(input.file_columns)));
        }
        if (table_column(input, to) == nullptr) {
            throw Error(ErrorKind::Usage,
                        fmt::format("cannot map '{}' to '{}': table '{}' has no such column (its columns: {})",
                                    from, to, input.table, table_names(input.table_columns)));
        }
    }
    const auto& wanted = input.wanted.empty() ? input.file_columns : input.wanted;
    std::vector<ColumnMapping> mappings;
    std::set<std::string> targets;
    for (const auto& name : wanted) {
        const auto in_file = std::find(input.file_columns.begin(), input.file_columns.end(), name);
        if (in_file == input.file_columns.end()) {
            throw Error(ErrorKind::Usage, fmt::format("column '{}' is not in {} (its columns: {})", name,
                                                      input.file, printable_names(input.file_columns)));
        }
        const auto file_index = static_cast<std::size_t>(in_file - input.file_columns.begin());
        const clickhouse::ColumnInfo* column = nullptr;
        if (const auto mapped = input.column_map.find(name); mapped != input.column_map.end()) {
            column = table_column(input, mapped->second);
        } else if (input.by_name) {
            column = table_column(input, name);
            if (column == nullptr) {
                throw Error(ErrorKind::Usage,
                            fmt::format("file column '{}' has no column of that name in table '{}' (its columns: "
                                        "{}); map it to one of them, or leave it out of the columns to load",
                                        name, input.table, table_names(input.table_columns)));
            }
        } else {
            // Without a header, file column N goes to the table's column N.
            if (file_index >= input.table_columns.size()) {
                throw Error(ErrorKind::Usage, fmt::format("the file has more columns than table '{}' ({})",
                                                          input.table, input.table_columns.size()));
            }
            column = &input.table_columns[file_index];
        }
        if (!targets.insert(column->name).second) {
            throw Error(ErrorKind::Usage,
                        fmt::format("two file columns would load into column '{}' of table '{}'; map one of "
                                    "them elsewhere, or leave it out",
                                    column->name, input.table));
        }
        mappings.push_back({file_index, *column});
    }
    if (mappings.empty()) {
        throw Error(ErrorKind::Usage, "no columns selected to load");
    }
    return mappings;
}

} // namespace ferry::pipeline
