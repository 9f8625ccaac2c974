#pragma once
/// Which join features a server has, probed rather than read from its version: ClickHouse 18.16 has
/// neither SEMI/ANTI nor ASOF joins (and reads `t ASOF JOIN u` as `t AS ASOF JOIN u`, so a probe must check
/// the answer, not just that the query ran), and cannot make an array column Nullable when join_use_nulls
/// gives rows without a match NULL (newer servers keep such arrays non-Nullable and empty).

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ferry::clickhouse {

class HttpClient;

struct JoinSupport {
    bool semi_anti = false;        ///< LEFT/RIGHT SEMI and ANTI JOIN syntax
    bool asof = false;             ///< ASOF [LEFT] JOIN
    bool arrays_under_nulls = false; ///< join_use_nulls = 1 keeps arrays of unmatched rows as []
    std::string server_version;    ///< for messages ("this server (ClickHouse 18.16.1) has no ASOF JOIN")
};

/// Runs a probe query (TabSeparated) with settings; nullopt when the server refuses it.
using ProbeQuery =
    std::function<std::optional<std::string>(const std::string& sql, const std::map<std::string, std::string>&)>;

/// Four tiny queries on constant subqueries (no table is read). A probe the server refuses (a query
/// error) answers false; connection and auth failures are thrown as usual.
JoinSupport probe_join_support(HttpClient& client);
/// The same probes through any runner (the modern lane runs them in the ClickHouse 26 engine).
JoinSupport probe_join_support(const ProbeQuery& run, std::string server_version);

} // namespace ferry::clickhouse
