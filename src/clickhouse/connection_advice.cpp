#include "clickhouse/connection_advice.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ferry::clickhouse {

namespace {

/// ClickHouse's default native protocol ports, plain and TLS.
constexpr std::array<std::uint16_t, 2> kNativePorts{9000, 9440};

bool is_native_port(std::uint16_t port) {
    return std::find(kNativePorts.begin(), kNativePorts.end(), port) != kNativePorts.end();
}

std::string native_port_message(std::uint16_t port) {
    return fmt::format("port {} is ClickHouse's native port (for clickhouse-client); the HTTP interface is "
                       "usually 8123 (8443 with HTTPS)",
                       port);
}

/// "... You must use port 8123 for HTTP." -> "8123"
std::string http_port_named_in(std::string_view body) {
    constexpr std::string_view kLead = "must use port ";
    const auto at = body.find(kLead);
    if (at == std::string_view::npos) {
        return {};
    }
    std::string digits;
    for (auto i = at + kLead.size(); i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])); ++i) {
        digits += body[i];
    }
    return digits.size() <= 5 ? digits : std::string();
}

} // namespace

std::optional<Advice> advise_tls_failure(const Connection& connection, std::string_view detail) {
    // What OpenSSL says when the first bytes back are not a TLS record: an HTTP answer or the native
    // protocol's hello. (Older and newer OpenSSL word it differently.)
    constexpr std::array<std::string_view, 4> kNotTls{"wrong version number", "unknown protocol",
                                                      "packet length too long", "record layer failure"};
    const bool not_tls = std::any_of(kNotTls.begin(), kNotTls.end(),
                                     [&](std::string_view text) { return detail.find(text) != detail.npos; });
    if (!not_tls) {
        return std::nullopt;
    }
    if (is_native_port(connection.port)) {
        return Advice{ErrorKind::Connection, native_port_message(connection.port)};
    }
    return Advice{ErrorKind::Tls,
                  fmt::format("the server at {} answered plain HTTP, not HTTPS; turn off HTTPS or use the "
                              "HTTPS port (usually 8443)",
                              connection.endpoint())};
}

Advice advise_tls_timeout(const Connection& connection, long seconds) {
    if (is_native_port(connection.port)) {
        return Advice{ErrorKind::Connection, native_port_message(connection.port)};
    }
    return Advice{ErrorKind::Tls, fmt::format("the server at {} did not start HTTPS within {} s; it is probably a "
                                              "plain HTTP port: turn off HTTPS or use the HTTPS port (usually 8443)",
                                              connection.endpoint(), seconds)};
}

std::optional<Advice> advise_http_answer(const Connection& connection, long status, std::string_view body) {
    if (status != 400 || body.find("is for clickhouse-client program") == std::string_view::npos) {
        return std::nullopt;
    }
    auto message = native_port_message(connection.port);
    if (const auto http_port = http_port_named_in(body); !http_port.empty()) {
        message += fmt::format("; this server's HTTP port is {}", http_port);
    }
    return Advice{ErrorKind::Connection, std::move(message)};
}

std::optional<Advice> advise_server_error(const Connection& connection, int code, std::string_view message) {
    constexpr int kUnknownDatabase = 81;
    if (code != kUnknownDatabase) {
        return std::nullopt;
    }
    // The server names the database; Ferry only ever uses the connection's, but trust the server's text.
    std::string database = connection.database;
    if (message.find(database) == std::string_view::npos) {
        return Advice{ErrorKind::Connection, fmt::format("{} at {}", one_line(message), connection.endpoint())};
    }
    return Advice{ErrorKind::Connection,
                  fmt::format("database '{}' does not exist at {}; check the database name",
                              printable_value(database), connection.endpoint())};
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const bool space = c == '\r' || c == '\n' || c == '\t' || c == ' ';
        if (space) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace ferry::clickhouse
