#include "clickhouse/join_support.h"

#include "clickhouse/http_client.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

/// True when the server answers `sql` with exactly `expected`; false when it refuses the query.
bool answers(HttpClient& client, const std::string& sql, const std::string& expected,
             const Settings& settings = {}) {
    try {
        return client.query(sql + " FORMAT TabSeparated", settings) == expected;
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Query) {
            throw;
        }
        return false;
    }
}

} // namespace

JoinSupport probe_join_support(HttpClient& client) {
    JoinSupport support;
    support.server_version = client.server_version();
    // Two left rows, one with a match: SEMI keeps k = 1, ANTI keeps k = 2.
    const std::string left = "(SELECT arrayJoin([1, 2]) AS k) AS l";
    const std::string right = "(SELECT 1 AS k) AS r";
    support.semi_anti = answers(client, "SELECT l.k FROM " + left + " LEFT SEMI JOIN " + right + " ON l.k = r.k",
                                "1\n") &&
                        answers(client, "SELECT l.k FROM " + left + " LEFT ANTI JOIN " + right + " ON l.k = r.k",
                                "2\n");
    // The right row in effect at t = 5 is the one of t = 3 (not 1, not 7).
    support.asof =
        answers(client,
                "SELECT r.v FROM (SELECT 1 AS k, 5 AS t) AS l ASOF JOIN (SELECT 1 AS k, arrayJoin([1, 3, 7]) AS "
                "t, t * 10 AS v) AS r ON l.k = r.k AND l.t >= r.t",
                "30\n");
    support.arrays_under_nulls =
        answers(client,
                "SELECT r.a FROM (SELECT 1 AS k) AS l ALL LEFT JOIN (SELECT 2 AS k, [1] AS a) AS r ON l.k = r.k",
                "[]\n", {{"join_use_nulls", "1"}});
    return support;
}

} // namespace ferry::clickhouse
