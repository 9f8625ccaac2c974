#pragma once
/// The types of the modern lane and their hostile values: every type ClickHouse 26.5 has that a CSV can
/// carry, with extremes, NaN/inf, DST edges, far dates, empty strings and NULLs. Shared by the import
/// (CSV -> Ferry's encoder -> engine) and export (engine -> Ferry's CSV -> engine) round trips.

#include <optional>
#include <string>
#include <vector>

namespace ferry::modern {

/// A CSV field: the value's text, or nullopt for an empty unquoted field (NULL, or the type's default).
using Value = std::optional<std::string>;

struct TypeCase {
    std::string name; ///< the test's name
    std::string type; ///< the column type, as CREATE TABLE spells it
    std::vector<Value> values;
    /// What Ferry's insert encoder sends: "RowBinary" (exact binary encoding) or "TabSeparated" (the
    /// type has none in Ferry: the server parses Ferry's canonical text).
    std::string import_format = "RowBinary";
    /// Values Ferry's encoder refuses with Error(Data) naming the column and the value.
    std::vector<std::string> refused = {};
    /// More values for the export test only (the server writes them, Ferry's CSV carries them back): values
    /// import refuses but a table may hold.
    std::vector<Value> export_only = {};
};

const std::vector<TypeCase>& type_cases();

} // namespace ferry::modern
