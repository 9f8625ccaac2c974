#pragma once
/// The ClickHouse servers this Ferry server may connect to on a client's behalf. Without it, anyone who can
/// reach a shared Ferry could make it open connections to any host:port it names: a pivot into the
/// operator's network. Checked before any connection is opened (`--clickhouse-allow host[:port]`).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/connection.h"

namespace ferry::server {

class ClickHouseAllowList {
public:
    /// Every host allowed: the local mode, where the only client is the person who started the server.
    static ClickHouseAllowList everything();
    /// Only these `host[:port]` entries (no port = any port of that host; IPv6 as `[::1]:8123`). An empty
    /// list allows nothing. Throws Error(Usage) for a malformed entry.
    explicit ClickHouseAllowList(const std::vector<std::string>& entries);

    bool allows(std::string_view host, std::uint16_t port) const;
    /// Throws HttpError(403, forbidden) naming the host and the flag when the connection is not allowed.
    void check(const clickhouse::Connection& connection) const;

private:
    ClickHouseAllowList() = default;

    struct Entry {
        std::string host; ///< lower-case, IPv6 without brackets
        std::optional<std::uint16_t> port;
    };
    bool everything_ = false;
    std::vector<Entry> entries_;
};

} // namespace ferry::server
