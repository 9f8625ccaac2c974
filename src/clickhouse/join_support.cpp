#include "clickhouse/join_support.h"

#include "clickhouse/http_client.h"
#include "common/error.h"

namespace ferry::clickhouse {

JoinSupport probe_join_support(HttpClient& client) {
    return probe_join_support(
        [&](const std::string& sql, const std::map<std::string, std::string>& settings) -> std::optional<std::string> {
            try {
                return client.query(sql + " FORMAT TabSeparated", settings);
            } catch (const Error& error) {
                if (error.kind() != ErrorKind::Query) {
                    throw;
                }
                return std::nullopt;
            }
        },
        client.server_version());
}

JoinSupport probe_join_support(const ProbeQuery& run, std::string server_version) {
    const auto answers = [&](const std::string& sql, const std::string& expected,
                             const std::map<std::string, std::string>& settings = {}) {
        return run(sql, settings) == expected;
    };
    JoinSupport support;
    support.server_version = std::move(server_version);
    // Two left rows, one with a match: SEMI keeps k = 1, ANTI keeps k = 2.
    const std::string left = "(SELECT arrayJoin([1, 2]) AS k) AS l";
    const std::string right = "(SELECT 1 AS k) AS r";
    support.semi_anti = answers("SELECT l.k FROM " + left + " LEFT SEMI JOIN " + right + " ON l.k = r.k", "1\n") &&
                        answers("SELECT l.k FROM " + left + " LEFT ANTI JOIN " + right + " ON l.k = r.k", "2\n");
    // The right row in effect at t = 5 is the one of t = 3 (not 1, not 7).
    support.asof = answers("SELECT r.v FROM (SELECT 1 AS k, 5 AS t) AS l ASOF JOIN (SELECT 1 AS k, arrayJoin([1, 3, "
                           "7]) AS t, t * 10 AS v) AS r ON l.k = r.k AND l.t >= r.t",
                           "30\n");
    support.arrays_under_nulls =
        answers("SELECT r.a FROM (SELECT 1 AS k) AS l ALL LEFT JOIN (SELECT 2 AS k, [1] AS a) AS r ON l.k = r.k",
                "[]\n", {{"join_use_nulls", "1"}});
    return support;
}

} // namespace ferry::clickhouse
