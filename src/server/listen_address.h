#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::server {

/// Where the server listens, parsed from "host:port", "[v6]:port" or a bare port.
struct ListenAddress {
    std::string host = "127.0.0.1"; ///< without brackets: "127.0.0.1", "localhost", "::1"
    std::uint16_t port = 8080;

    /// The host as it appears in a URL or a Host header: IPv6 literals in brackets.
    std::string url_host() const;
    /// "http://host:port"
    std::string url() const;
};

/// Throws Error(Usage) on anything that is not a host and a port in 0..65535.
ListenAddress parse_listen_address(std::string_view text);

} // namespace ferry::server
