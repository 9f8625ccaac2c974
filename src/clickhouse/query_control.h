#pragma once

#include <string_view>

#include "clickhouse/connection.h"

namespace ferry::clickhouse {

/// Asks the server to stop the query `query_id` (KILL QUERY ... ASYNC) on a fresh connection. Used when the
/// user cancels: closing our connection alone does not stop a SELECT on every server version. Never throws;
/// a server that is already gone has nothing left to stop.
void kill_query(const Connection& connection, std::string_view query_id) noexcept;

} // namespace ferry::clickhouse
