#pragma once
/// Multi-table JOIN sources. Conditions are parsed into column pairs and rebuilt with quoted identifiers,
/// so user text never reaches the server as SQL.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clickhouse/join_support.h"

namespace ferry::clickhouse {

/// `table.column` (table may be empty for an unqualified column).
struct ColumnRef {
    std::string table;
    std::string column;
    std::string sql() const; ///< "`table`.`column`" or "`column`"
};

enum class JoinType { Inner, Left, Right, Full, Cross };

/// How many rows of the joined table a row meets. All is SQL's join; Any keeps one match per row; Semi and
/// Anti (LEFT or RIGHT only) keep the rows of one side that have / have no match, once; Asof (INNER or
/// LEFT) matches the closest row by one inequality after the equalities.
enum class JoinStrictness { All, Any, Semi, Anti, Asof };

/// The one inequality of an ASOF join, ordered (earlier table, joined table): left <op> right.
struct AsofCondition {
    ColumnRef left;
    std::string op; ///< ">=", ">", "<=" or "<"
    ColumnRef right;
};

struct Join {
    JoinType type = JoinType::Inner;
    JoinStrictness strictness = JoinStrictness::All;
    std::string table;
    std::vector<std::pair<ColumnRef, ColumnRef>> on; ///< equalities joined by AND
    /// USING (a, b): the same names on the table joined just before (the base table for the first join).
    std::vector<std::string> using_columns;
    std::optional<AsofCondition> asof; ///< with JoinStrictness::Asof
};

/// What rows without a match get in the columns of the other side: NULL (SQL, the default; ClickHouse's
/// join_use_nulls = 1) or the type's default value ('' and 0, ClickHouse's own default).
enum class JoinDefaults { Sql, ClickHouse };

/// Parses "[INNER|LEFT|RIGHT|FULL|CROSS] [OUTER|ALL|ANY|SEMI|ANTI|ASOF] JOIN t2 (ON a.x = b.y [AND ...] |
/// USING (x, y))" (case-insensitive; kind and strictness in either order; identifiers may be bare
/// [A-Za-z_][A-Za-z0-9_]* or backtick-quoted with \` escapes). An ASOF join's ON has one inequality
/// (>=, >, <=, <) besides its equalities. Throws Error(Usage) naming the offending position on anything
/// else (semicolons, comments, other operators).
Join parse_join(std::string_view text);
/// "INNER", "LEFT SEMI", "ASOF LEFT" ... -> kind and strictness of `join`; throws Error(Usage).
void parse_join_type(std::string_view text, Join& join);
JoinType parse_join_type(std::string_view text);
std::string_view to_string(JoinType type);
std::string_view to_string(JoinStrictness strictness);
/// The kind as the API and the CLI write it: "LEFT", "LEFT SEMI", "ASOF LEFT", "ANY LEFT", "CROSS" ...
std::string join_type_text(const Join& join);
/// "sql" | "clickhouse"; throws Error(Usage) naming `what` on anything else.
JoinDefaults parse_join_defaults(std::string_view text, std::string_view what = "--join-defaults");
std::string_view to_string(JoinDefaults defaults);
/// Parses "a.x", "x" or quoted forms into a ColumnRef; throws Error(Usage).
ColumnRef parse_column_ref(std::string_view text);

/// How build_select writes joins for one server.
struct JoinOptions {
    JoinDefaults defaults = JoinDefaults::Sql;
    /// What the server has (probe_join_support). The default assumes nothing newer than 18.16.
    JoinSupport support;
};

/// SELECT <columns or *> FROM `base` <joins> [LIMIT n]. `columns` are ColumnRef texts ("t.a" or "a").
/// The output columns are aliased to unique names ("a", or "t.a" when two tables share a name) so
/// result headers are unambiguous. limit 0 means no LIMIT. Run it with join_settings().
std::string build_select(std::string_view base_table, const std::vector<Join>& joins,
                         const std::vector<std::string>& columns, std::size_t limit = 0,
                         const JoinOptions& options = {});

/// The settings a join query runs with: join_use_nulls, always sent (a profile may set either value).
/// Empty without joins.
std::map<std::string, std::string> join_settings(const std::vector<Join>& joins, JoinDefaults defaults);

} // namespace ferry::clickhouse
