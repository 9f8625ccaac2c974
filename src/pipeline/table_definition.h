#pragma once
/// What an import's request means for the table it creates and the columns it loads, decided in one
/// place: a schema given by the user (file column -> name, type) wins over the file's inferred types, and
/// also says which file columns go into which table columns.

#include <map>
#include <string>
#include <vector>

#include "clickhouse/create_table_sql.h"
#include "formats/schema_sniffer.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

/// The table `create` makes: the request's schema, or the wanted file columns with their inferred types
/// (`inferred`, unused when the request has a schema); with its ORDER BY, PARTITION BY and engine.
clickhouse::TableDefinition table_definition(const ImportRequest& request,
                                             const std::vector<formats::ColumnSchema>& inferred);

/// The file columns to load: the request's `columns`, else its schema's file columns, else all (empty).
std::vector<std::string> columns_to_load(const ImportRequest& request);

/// File column -> table column: the request's map, plus its schema's renames.
std::map<std::string, std::string> column_map_of(const ImportRequest& request);

} // namespace ferry::pipeline
