#include "server/request_guard.h"

#include <algorithm>
#include <cctype>

namespace ferry::server {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
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
    return !port.empty() &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

RequestGuard::RequestGuard(std::string listen_host, std::uint16_t port) : port_(port) {
    if (listen_host.find(':') != std::string::npos) {
        listen_host = "[" + listen_host + "]";
    }
    hosts_ = {"localhost", "127.0.0.1", "[::1]", lower(listen_host)};
}

bool RequestGuard::host_allowed(std::string_view host_header) const {
    std::string host;
    std::string_view port;
    if (!split_host_port(host_header, host, port)) {
        return false;
    }
    if (!port.empty() && port != std::to_string(port_)) {
        return false;
    }
    return std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

bool RequestGuard::origin_allowed(std::string_view origin) const {
    constexpr std::string_view kScheme = "http://";
    if (origin.size() <= kScheme.size() || lower(origin.substr(0, kScheme.size())) != kScheme) {
        return false;
    }
    std::string host;
    std::string_view port;
    if (!split_host_port(origin.substr(kScheme.size()), host, port)) {
        return false;
    }
    const bool port_matches = port.empty() ? port_ == 80 : port == std::to_string(port_);
    return port_matches && std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

std::optional<std::string> RequestGuard::check(std::string_view method, std::string_view host,
                                               std::optional<std::string_view> origin) const {
    if (!host_allowed(host)) {
        return "requests must be addressed to this server by a local name (Host '" + std::string(host) +
               "' is not accepted)";
    }
    if (origin && method != "GET" && method != "HEAD" && !origin_allowed(*origin)) {
        return "cross-origin requests are not accepted (Origin '" + std::string(*origin) + "')";
    }
    return std::nullopt;
}

} // namespace ferry::server
