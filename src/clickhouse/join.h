#pragma once
/// Multi-table JOIN sources. Conditions are parsed into column pairs and rebuilt with quoted identifiers,
/// so user text never reaches the server as SQL.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::clickhouse {

/// `table.column` (table may be empty for an unqualified column).
struct ColumnRef {
    std::string table;
    std::string column;
    std::string sql() const; ///< "`table`.`column`" or "`column`"
};

enum class JoinType { Inner, Left, Right, Full };

struct Join {
    JoinType type = JoinType::Inner;
    std::string table;
    std::vector<std::pair<ColumnRef, ColumnRef>> on; ///< equalities joined by AND
};

/// Parses "INNER|LEFT|RIGHT|FULL [OUTER] JOIN t2 ON a.x = b.y [AND c.z = d.w ...]" (case-insensitive;
/// identifiers may be bare [A-Za-z_][A-Za-z0-9_]* or backtick-quoted with \` escapes). Throws Error(Usage)
/// naming the offending position on anything else (semicolons, comments, other operators).
Join parse_join(std::string_view text);
/// "INNER" etc. -> JoinType; throws Error(Usage).
JoinType parse_join_type(std::string_view text);
std::string_view to_string(JoinType type);
/// Parses "a.x", "x" or quoted forms into a ColumnRef; throws Error(Usage).
ColumnRef parse_column_ref(std::string_view text);

/// SELECT <columns or *> FROM `base` <joins> [LIMIT n]. `columns` are ColumnRef texts ("t.a" or "a").
/// The output columns are aliased to unique names ("a", or "t.a" when two tables share a name) so
/// result headers are unambiguous. limit 0 means no LIMIT.
std::string build_select(std::string_view base_table, const std::vector<Join>& joins,
                         const std::vector<std::string>& columns, std::size_t limit = 0);

} // namespace ferry::clickhouse
