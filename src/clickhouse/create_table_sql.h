#pragma once
/// The CREATE TABLE statement for a new table, from what a person chooses in the UI or on the command
/// line: columns with their types, ORDER BY columns, an optional PARTITION BY expression and an engine of
/// the MergeTree family. A pure function: nothing here talks to a server, so the UI can show the exact
/// statement before anything runs.
///
/// Nothing the user typed is spliced: names are quoted; types are parsed and written back from their
/// parts; the engine comes from an allow-list; the partition expression is tokenized and rebuilt from
/// column names of the table (quoted), functions of an allow-list, integer literals, parentheses, commas
/// and + - * / %. Anything else is refused with a message that says what is accepted.

#include <string>
#include <string_view>
#include <vector>

namespace ferry::clickhouse {

struct ColumnDefinition {
    std::string name;
    std::string type; ///< a ClickHouse type, e.g. "Nullable(String)"
};

struct TableDefinition {
    std::string table;
    std::vector<ColumnDefinition> columns;
    std::vector<std::string> order_by; ///< column names; empty = ORDER BY tuple() (no sorting key)
    std::string partition_by;          ///< an expression over the columns; empty = no partitioning
    std::string engine;                ///< empty = MergeTree
    bool if_not_exists = false;
};

/// Engines a new table may have: MergeTree, ReplacingMergeTree, SummingMergeTree, AggregatingMergeTree.
const std::vector<std::string>& creatable_engines();
/// Functions a partition expression may call (toYYYYMM, toDate, intDiv, ...).
const std::vector<std::string>& partition_functions();

/// Throws Error(Usage) naming the field and what is accepted: no columns, an empty or duplicate name, a
/// type that does not parse or is not offered (Tuple, Nested, AggregateFunction...), an ORDER BY column
/// that is not a column or is Nullable, an engine not in the list, a partition expression outside the
/// grammar above.
std::string create_table_sql(const TableDefinition& definition);

/// A type as it may appear in a CREATE TABLE: parsed and written back from its parts. Throws Error(Usage).
std::string safe_type_sql(std::string_view type);
/// A partition expression rebuilt from its tokens (see above). Throws Error(Usage).
std::string partition_expression_sql(std::string_view expression, const std::vector<ColumnDefinition>& columns);

} // namespace ferry::clickhouse
