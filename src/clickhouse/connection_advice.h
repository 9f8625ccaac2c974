#pragma once
/// Connection settings that are wrong in the usual ways, told as advice instead of what OpenSSL or the
/// server said: HTTPS against a plain HTTP port ("wrong version number"), the native protocol port (9000)
/// instead of the HTTP interface, a database that does not exist. Private to the clickhouse module; the
/// HTTP client asks these before falling back to its generic messages.

#include <optional>
#include <string>
#include <string_view>

#include "clickhouse/connection.h"
#include "common/error.h"

namespace ferry::clickhouse {

struct Advice {
    ErrorKind kind;
    std::string message;
};

/// For libcurl's TLS error text (`detail`): the server answered without TLS.
std::optional<Advice> advise_tls_failure(const Connection& connection, std::string_view detail);

/// For a TLS handshake that never finished: a plain HTTP port waits for the end of a request line that
/// the TLS hello does not contain (or answers it as a bad request, see advise_tls_failure).
Advice advise_tls_timeout(const Connection& connection, long seconds);

/// For an HTTP answer that carries no ClickHouse exception code: the native port answers HTTP requests
/// with "HTTP/1.0 400 ... Port 9000 is for clickhouse-client program. You must use port 8123 for HTTP."
std::optional<Advice> advise_http_answer(const Connection& connection, long status, std::string_view body);

/// For a ClickHouse exception: 81 UNKNOWN_DATABASE names the connection's database.
std::optional<Advice> advise_server_error(const Connection& connection, int code, std::string_view message);

/// Text from a server or a library as one line: CR, LF and tabs become spaces, runs of spaces one, so
/// that no escape sequence (a literal "\r\n") ever reaches a message.
std::string one_line(std::string_view text);

} // namespace ferry::clickhouse
