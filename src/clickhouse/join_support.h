#pragma once
/// Which join features a server has, probed rather than read from its version: ClickHouse 18.16 has
/// neither SEMI/ANTI nor ASOF joins (and reads `t ASOF JOIN u` as `t AS ASOF JOIN u`, so a probe must check
/// the answer, not just that the query ran), and cannot make an array column Nullable when join_use_nulls
/// gives rows without a match NULL (newer servers keep such arrays non-Nullable and empty).

#include <string>

namespace ferry::clickhouse {

class HttpClient;

struct JoinSupport {
    bool semi_anti = false;        ///< LEFT/RIGHT SEMI and ANTI JOIN syntax
    bool asof = false;             ///< ASOF [LEFT] JOIN
    bool arrays_under_nulls = false; ///< join_use_nulls = 1 keeps arrays of unmatched rows as []
    std::string server_version;    ///< for messages ("this server (ClickHouse 18.16.1) has no ASOF JOIN")
};

/// Three tiny queries on constant subqueries (no table is read). A probe the server refuses (a query
/// error) answers false; connection and auth failures are thrown as usual.
JoinSupport probe_join_support(HttpClient& client);

} // namespace ferry::clickhouse
