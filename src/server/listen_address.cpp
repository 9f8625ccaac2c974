#include "server/listen_address.h"

#include <charconv>

#include "common/error.h"

namespace ferry::server {

namespace {

std::uint16_t parse_port(std::string_view text, std::string_view whole) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value > 65535) {
        throw Error(ErrorKind::Usage, "invalid listen address '" + std::string(whole) +
                                          "': the port must be a number from 0 to 65535");
    }
    return static_cast<std::uint16_t>(value);
}

} // namespace

std::string ListenAddress::url_host() const {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string ListenAddress::url() const {
    return "http://" + url_host() + ":" + std::to_string(port);
}

ListenAddress parse_listen_address(std::string_view text) {
    ListenAddress address;
    if (text.empty()) {
        throw Error(ErrorKind::Usage, "the listen address is empty; use host:port, e.g. 127.0.0.1:8080");
    }
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            throw Error(ErrorKind::Usage,
                        "invalid listen address '" + std::string(text) + "': use [address]:port for IPv6");
        }
        address.host = std::string(text.substr(1, close - 1));
        address.port = parse_port(text.substr(close + 2), text);
    } else if (const auto colon = text.rfind(':'); colon == std::string_view::npos) {
        address.port = parse_port(text, text);
    } else {
        if (text.find(':') != colon) {
            throw Error(ErrorKind::Usage, "invalid listen address '" + std::string(text) +
                                              "': write IPv6 addresses as [::1]:port");
        }
        if (colon > 0) {
            address.host = std::string(text.substr(0, colon));
        }
        address.port = parse_port(text.substr(colon + 1), text);
    }
    if (address.host.empty()) {
        throw Error(ErrorKind::Usage,
                    "invalid listen address '" + std::string(text) + "': the host is empty");
    }
    return address;
}

} // namespace ferry::server
