#include "server/clickhouse_allow_list.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "server/http_message.h"

namespace ferry::server {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

/// A trailing dot names the same host ("db.example." = "db.example"); brackets are only IPv6 syntax.
std::string normal_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    while (!host.empty() && host.back() == '.') {
        host.remove_suffix(1);
    }
    return lower(host);
}

std::string shown(std::string_view host, std::uint16_t port) {
    const bool v6 = host.find(':') != std::string_view::npos;
    return (v6 ? "[" + std::string(host) + "]" : std::string(host)) + ":" + std::to_string(port);
}

} // namespace

ClickHouseAllowList ClickHouseAllowList::everything() {
    ClickHouseAllowList list;
    list.everything_ = true;
    return list;
}

ClickHouseAllowList::ClickHouseAllowList(const std::vector<std::string>& entries) {
    for (const auto& text : entries) {
        const auto bad = [&](std::string_view why) {
            return Error(ErrorKind::Usage, "--clickhouse-allow '" + text + "': " + std::string(why) +
                                               " (expected host or host:port, e.g. db.internal:8123)");
        };
        std::string_view rest = text;
        std::string_view host;
        std::string_view port;
        if (rest.starts_with('[')) {
            const auto close = rest.find(']');
            if (close == std::string_view::npos) {
                throw bad("an IPv6 address needs its closing ']'");
            }
            host = rest.substr(0, close + 1);
            rest.remove_prefix(close + 1);
            if (!rest.empty() && !rest.starts_with(':')) {
                throw bad("unexpected text after ']'");
            }
            port = rest.empty() ? std::string_view() : rest.substr(1);
        } else {
            const auto colon = rest.find(':');
            if (colon != std::string_view::npos && rest.find(':', colon + 1) != std::string_view::npos) {
                throw bad("write an IPv6 address in brackets");
            }
            host = rest.substr(0, colon);
            port = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
        Entry entry;
        entry.host = normal_host(host);
        if (entry.host.empty()) {
            throw bad("the host is empty");
        }
        if (!port.empty() || text.ends_with(':')) {
            unsigned value = 0;
            const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
            if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
                throw bad("the port must be a number from 1 to 65535");
            }
            entry.port = static_cast<std::uint16_t>(value);
        }
        entries_.push_back(std::move(entry));
    }
}

bool ClickHouseAllowList::allows(std::string_view host, std::uint16_t port) const {
    if (everything_) {
        return true;
    }
    const auto wanted = normal_host(host);
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& entry) {
        return entry.host == wanted && (!entry.port || *entry.port == port);
    });
}

void ClickHouseAllowList::check(const clickhouse::Connection& connection) const {
    if (allows(connection.host, connection.port)) {
        return;
    }
    // The names are compared as written: "localhost" and "127.0.0.1" are different entries, so that the
    // check never depends on what a name resolves to at the moment (DNS can change between check and use).
    throw HttpError(403, ErrorKind::Forbidden,
                    "ClickHouse host " + shown(normal_host(connection.host), connection.port) +
                        " is not in the allowed ClickHouse hosts (--clickhouse-allow); ask the operator of "
                        "this Ferry server to add it, e.g. --clickhouse-allow " +
                        shown(normal_host(connection.host), connection.port));
}

} // namespace ferry::server
