#include "clickhouse/connection.h"

namespace ferry::clickhouse {

namespace {
/// IPv6 literals need brackets in URLs and in "host:port".
std::string bracketed_host(const std::string& host) {
    if (host.find(':') != std::string::npos && (host.empty() || host.front() != '[')) {
        return "[" + host + "]";
    }
    return host;
}
} // namespace

std::string Connection::endpoint() const {
    return bracketed_host(host) + ":" + std::to_string(port);
}

std::string Connection::base_url() const {
    return (secure ? "https://" : "http://") + endpoint() + "/";
}

} // namespace ferry::clickhouse
