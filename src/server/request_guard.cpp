#include "server/request_guard.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace ferry::server {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

/// Splits "host[:port]" / "[v6][:port]" into the host (brackets kept) and the port text (may be empty).
/// Returns false when malformed.
bool split_host_port(std::string_view text, std::string& host, std::string_view& port) {
    if (text.empty()) {
        return false;
    }
    std::size_t host_end = 0;
    if (text.front() == '[') {
        host_end = text.find(']');
        if (host_end == std::string_view::npos) {
            return false;
        }
        ++host_end;
    } else {
        host_end = text.find(':');
        if (host_end == std::string_view::npos) {
            host_end = text.size();
        }
    }
    host = lower(text.substr(0, host_end));
    if (host_end == text.size()) {
        port = {};
        return true;
    }
    if (text[host_end] != ':') {
        return false;
    }
    port = text.substr(host_end + 1);
    return !port.empty() && port.size() <= 5 &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "http(s)://host[:port]" (an Origin, or the start of a URL up to `/`) -> scheme, host, port (the
/// scheme's default when absent).
bool split_origin(std::string_view text, std::string& scheme, std::string& host, std::uint16_t& port) {
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        return false;
    }
    scheme = lower(text.substr(0, sep));
    if (scheme != "http" && scheme != "https") {
        return false;
    }
    std::string_view port_text;
    if (!split_host_port(text.substr(sep + 3), host, port_text)) {
        return false;
    }
    const unsigned value =
        port_text.empty() ? (scheme == "https" ? 443u : 80u) : std::stoul(std::string(port_text));
    if (value == 0 || value > 65535) {
        return false;
    }
    port = static_cast<std::uint16_t>(value);
    return true;
}

std::string bracketed(std::string host) {
    if (host.find(':') != std::string::npos && !host.starts_with('[')) {
        host = "[" + host + "]";
    }
    return lower(host);
}

} // namespace

PublicUrl PublicUrl::parse(std::string_view text) {
    PublicUrl url;
    std::string_view rest = text;
    const auto sep = rest.find("://");
    const auto path = rest.find('/', sep == std::string_view::npos ? 0 : sep + 3);
    const auto authority = rest.substr(0, path);
    if (!split_origin(authority, url.scheme, url.host, url.port) || url.host.empty() ||
        rest.find_first_of("?#") != std::string_view::npos) {
        throw Error(ErrorKind::Usage, "--public-url '" + std::string(text) +
                                          "' is not a URL like https://ferry.example.com (http or https, a "
                                          "host, an optional port and path)");
    }
    url.text = std::string(text);
    while (url.text.ends_with('/')) {
        url.text.pop_back();
    }
    return url;
}

std::string PublicUrl::origin() const {
    const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port));
}

RequestGuard::RequestGuard(std::string listen_host, std::uint16_t port, std::vector<PublicUrl> public_urls,
                           std::vector<std::string> allowed_names, bool tls)
    : public_urls_(std::move(public_urls)), port_(port), local_scheme_(tls ? "https" : "http") {
    local_hosts_ = {"localhost", "127.0.0.1", "[::1]", bracketed(listen_host)};
    for (auto& name : allowed_names) {
        allowed_names_.push_back(bracketed(name));
    }
}

bool RequestGuard::host_allowed(std::string_view host_header) const {
    std::string host;
    std::string_view port_text;
    if (!split_host_port(host_header, host, port_text)) {
        return false;
    }
    const auto port = port_text.empty() ? std::optional<unsigned>() : std::stoul(std::string(port_text));
    if (contains(allowed_names_, host)) {
        return true;
    }
    // A reverse proxy may pass the public Host on (with the public port or none), or its own upstream Host.
    for (const auto& url : public_urls_) {
        if (url.host == host && (!port || *port == url.port || *port == port_)) {
            return true;
        }
    }
    return contains(local_hosts_, host) && (!port || *port == port_);
}

bool RequestGuard::origin_allowed(std::string_view origin) const {
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    if (!split_origin(origin, scheme, host, port) ||
        origin.find('/', origin.find("://") + 3) != std::string_view::npos) {
        return false;
    }
    if (contains(allowed_names_, host)) {
        return true;
    }
    for (const auto& url : public_urls_) {
        if (url.scheme == scheme && url.host == host && url.port == port) {
            return true;
        }
    }
    return scheme == local_scheme_ && contains(local_hosts_, host) && port == port_;
}

std::optional<std::string> RequestGuard::check(std::string_view method, std::string_view host,
                                               std::optional<std::string_view> origin) const {
    if (!host_allowed(host)) {
        return "Host '" + std::string(host) +
               "' is not in the allowed names of this Ferry server (local names, --public-url and "
               "--allow-host). To serve it under that name, start it with --public-url URL or "
               "--allow-host NAME";
    }
    if (origin && method != "GET" && method != "HEAD" && !origin_allowed(*origin)) {
        return "cross-origin requests are not accepted (Origin '" + std::string(*origin) +
               "' is not this server's address; a --public-url or --allow-host names the others)";
    }
    return std::nullopt;
}

} // namespace ferry::server
