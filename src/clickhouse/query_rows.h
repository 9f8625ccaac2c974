#pragma once
/// Small catalog-style queries answered as rows of TabSeparated fields (unescaped; NULL is nullopt).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/http_client.h"

namespace ferry::clickhouse {

using Field = std::optional<std::string>;
using Row = std::vector<Field>;

/// Parses a TabSeparated body into rows of unescaped fields.
std::vector<Row> parse_tsv(std::string_view body);

/// Runs `sql` (without FORMAT) and returns its rows; each row must have at least `columns` fields.
std::vector<Row> query_rows(HttpClient& client, const std::string& sql, std::size_t columns);

} // namespace ferry::clickhouse
