#pragma once
/// Small independent queries run at once, each lane on a connection of its own, their answers (or errors)
/// kept for whoever asks next and in whatever order. An export's text probe (native_text_probe.h) is up to
/// ~9 queries that each wait for the one before: over a 30 ms link to a cloud server that is a quarter of
/// a second before the first row. In lanes it is a connection and two or three round trips.

#include <cstddef>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "common/cancel.h"

namespace ferry::clickhouse {

class PrefetchedQueries {
public:
    static constexpr std::size_t kLanes = 4;

    /// `client` runs what was not prefetched; the lanes connect as it does.
    PrefetchedQueries(HttpClient& client, const CancelToken* cancel) : client_(client), cancel_(cancel) {}

    /// Runs `sqls` on up to kLanes new connections (none for fewer than two queries) and waits for all.
    /// Throws nothing: a failure is kept as that query's answer.
    void prefetch(const std::vector<std::string>& sqls);
    /// The prefetched answer of `sql` (its error thrown), else the answer of `client` now.
    std::string run(const std::string& sql);

private:
    struct Answer {
        std::string body;
        std::exception_ptr error;
    };
    HttpClient& client_;
    const CancelToken* cancel_;
    std::map<std::string, Answer> answers_;
};

} // namespace ferry::clickhouse
