#include "pipeline/table_definition.h"

#include <algorithm>

namespace ferry::pipeline {

clickhouse::TableDefinition table_definition(const ImportRequest& request,
                                             const std::vector<formats::ColumnSchema>& inferred) {
    clickhouse::TableDefinition definition;
    definition.table = request.table;
    definition.order_by = request.new_table.order_by;
    definition.partition_by = request.new_table.partition_by;
    definition.engine = request.new_table.engine;
    if (!request.new_table.schema.empty()) {
        for (const auto& column : request.new_table.schema) {
            definition.columns.push_back({column.name.empty() ? column.file_column : column.name, column.type});
        }
        return definition;
    }
    const auto wanted = columns_to_load(request);
    const auto map = column_map_of(request);
    for (const auto& column : inferred) {
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), column.name) != wanted.end()) {
            const auto renamed = map.find(column.name);
            definition.columns.push_back({renamed == map.end() ? column.name : renamed->second, column.type});
        }
    }
    return definition;
}

std::vector<std::string> columns_to_load(const ImportRequest& request) {
    if (!request.columns.empty() || request.new_table.schema.empty()) {
        return request.columns;
    }
    std::vector<std::string> columns;
    for (const auto& column : request.new_table.schema) {
        columns.push_back(column.file_column);
    }
    return columns;
}

std::map<std::string, std::string> column_map_of(const ImportRequest& request) {
    auto map = request.column_map;
    for (const auto& column : request.new_table.schema) {
        if (!column.name.empty()) {
            map.emplace(column.file_column, column.name);
        }
    }
    return map;
}

} // namespace ferry::pipeline
