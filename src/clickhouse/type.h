#pragma once
/// A parsed ClickHouse column type, as `system.columns.type` spells it: `Nullable(Decimal(18, 4))`,
/// `LowCardinality(Nullable(String))`, `DateTime('UTC')`, `Enum8('a' = 1, 'b\'c' = 2)`, `Map(String,
/// UInt64)`, `Tuple(a Int8, b String)`... Families Ferry does not know (AggregateFunction, JSON, Variant...)
/// parse as TypeKind::Other with their arguments kept as raw text, so any type the server reports can be
/// parsed.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::clickhouse {

enum class TypeKind {
    Int8,
    Int16,
    Int32,
    Int64,
    Int128,
    Int256,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    UInt128,
    UInt256,
    Float32,
    Float64,
    Bool,
    String,
    FixedString, ///< length
    Date,
    Date32,
    DateTime,   ///< timezone (may be empty: the server's)
    DateTime64, ///< precision, timezone
    Decimal,    ///< precision, scale (Decimal32/64/128/256(S) are normalized to Decimal(P, S))
    UUID,
    Enum8,  ///< enum_values
    Enum16, ///< enum_values
    IPv4,
    IPv6,
    Nothing,
    Nullable,       ///< args[0]
    LowCardinality, ///< args[0]
    Array,          ///< args[0]
    Map,            ///< args[0] key, args[1] value
    Tuple,          ///< args, element_names (empty strings for unnamed elements)
    Nested,         ///< args, element_names
    Other,          ///< family + raw_arguments
};

struct Type {
    TypeKind kind = TypeKind::Other;
    std::string text;   ///< the whole type as written, e.g. "Nullable(Decimal(18, 4))"
    std::string family; ///< the name before the parenthesis, e.g. "Nullable"
    std::vector<Type> args;
    std::vector<std::string> element_names;
    /// Enum elements in definition order.
    std::vector<std::pair<std::string, std::int16_t>> enum_values;
    int precision = 0;
    int scale = 0;
    std::size_t length = 0;
    std::string timezone;
    std::string raw_arguments; ///< for TypeKind::Other: the text between the outer parentheses
};

/// Parses a type string. Throws Error(Query) "cannot parse ClickHouse type '...': ..." when malformed.
Type parse_type(std::string_view text);

/// Whether `timezone` is a name of UTC (UTC, Etc/UTC, GMT, UCT, Zulu, Universal, Etc/GMT+0...), in which
/// civil times convert to unix time by plain arithmetic.
bool is_utc_timezone(std::string_view timezone);

} // namespace ferry::clickhouse
