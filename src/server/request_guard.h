#pragma once
/// Keeps other web sites away from the server. A page on evil.example can make the browser send requests to
/// Ferry in two ways, and both are refused:
/// - DNS rebinding: evil.example resolves to Ferry's address, so the Host header says evil.example. Only
///   the local names (the listen host, localhost, 127.0.0.1 and [::1], with the server's port or none), the
///   hosts of the public URLs (`--public-url`) and the names of `--allow-host` are accepted.
/// - CSRF: a cross-origin form or fetch POST. Requests other than GET/HEAD that carry an Origin header must
///   come from one of those names: a local name with the server's port, a public URL's exact origin, or an
///   allowed name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::server {

/// A parsed `--public-url`: "https://ferry.example.com/" -> {"https", "ferry.example.com", 443}.
struct PublicUrl {
    std::string scheme; ///< "http" or "https"
    std::string host;   ///< lower-case, IPv6 in brackets
    std::uint16_t port = 0;
    std::string text; ///< without a trailing '/', for printing links

    /// Throws Error(Usage) unless `text` is http(s)://host[:port][/path].
    static PublicUrl parse(std::string_view text);
    /// "https://ferry.example.com" (the port only when not the scheme's default).
    std::string origin() const;
};

class RequestGuard {
public:
    /// `listen_host` as in the listen address (no brackets for IPv6). `allowed_names` are host names or
    /// addresses without a port (`--allow-host`). `tls`: the server itself speaks https, so local origins
    /// are https://.
    RequestGuard(std::string listen_host, std::uint16_t port, std::vector<PublicUrl> public_urls = {},
                 std::vector<std::string> allowed_names = {}, bool tls = false);

    /// Why the request is refused, or nullopt when it is allowed. `origin` is nullopt when absent.
    std::optional<std::string> check(std::string_view method, std::string_view host,
                                     std::optional<std::string_view> origin) const;

    bool host_allowed(std::string_view host) const;
    bool origin_allowed(std::string_view origin) const;

private:
    std::vector<std::string> local_hosts_; ///< lower-case, IPv6 in brackets; with port_ or none
    std::vector<PublicUrl> public_urls_;
    std::vector<std::string> allowed_names_; ///< lower-case, IPv6 in brackets; any port
    std::uint16_t port_;
    std::string local_scheme_;
};

} // namespace ferry::server
