#pragma once
/// Keeps other web sites away from a server on localhost. A page on evil.example can make the browser send
/// requests to 127.0.0.1 in two ways, and both are refused:
/// - DNS rebinding: evil.example resolves to 127.0.0.1, so the Host header says evil.example. Only the
///   listen host, localhost, 127.0.0.1 and [::1] (with the server's port or none) are accepted.
/// - CSRF: a cross-origin form or fetch POST. Requests other than GET/HEAD that carry an Origin header must
///   come from http://<accepted host>:<port>.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::server {

class RequestGuard {
public:
    /// `listen_host` as in the listen address (no brackets for IPv6).
    RequestGuard(std::string listen_host, std::uint16_t port);

    /// Why the request is refused, or nullopt when it is allowed. `origin` is nullopt when absent.
    std::optional<std::string> check(std::string_view method, std::string_view host,
                                     std::optional<std::string_view> origin) const;

    bool host_allowed(std::string_view host) const;
    bool origin_allowed(std::string_view origin) const;

private:
    std::vector<std::string> hosts_; ///< lower-case, IPv6 in brackets
    std::uint16_t port_;
};

} // namespace ferry::server
