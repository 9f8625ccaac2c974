#pragma once

#include <cstdint>
#include <string>

#include "clickhouse/wire_compression.h"

namespace ferry::clickhouse {

/// Where and how to reach a ClickHouse server over HTTP(S).
struct Connection {
    std::string host = "localhost";
    std::uint16_t port = 8123; ///< 8443 when `secure` and not given
    bool secure = false;
    std::string database = "default";
    std::string user = "default";
    std::string password; ///< secret: never log or echo
    std::string jwt;      ///< secret: sent as `Authorization: Bearer`, instead of the password
    std::string ca_cert;  ///< path of a PEM file of trusted CAs, for private servers
    WireCompression compression = WireCompression::Auto; ///< codec of bulk bodies (inserts, exports)

    /// "host:port", for error messages.
    std::string endpoint() const;
    /// "http(s)://host:port/"
    std::string base_url() const;
};

} // namespace ferry::clickhouse
