#pragma once

#include <string>
#include <string_view>

#include "clickhouse/connection.h"

namespace ferry::clickhouse {

/// KILL QUERY WHERE query_id = '<id>' ASYNC: the statement kill_query() sends (ASYNC: it does not wait for
/// the query to stop).
std::string kill_query_sql(std::string_view query_id);

/// Asks the server to stop the query `query_id` (KILL QUERY ... ASYNC) on a fresh connection. Used when the
/// user cancels: closing our connection alone does not stop a SELECT on every server version. Never throws;
/// a server that is already gone has nothing left to stop.
void kill_query(const Connection& connection, std::string_view query_id) noexcept;

} // namespace ferry::clickhouse
