#pragma once
/// The one error type of Ferry. Thrown where a failure happens, caught once at the edge: the CLI prints
/// `what()`, the server maps `kind()` to an HTTP status and JSON. `what()` is the complete user-facing
/// message, context included; it must never contain a password or token.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

enum class ErrorKind {
    Usage,      ///< bad flags or request fields
    Connection, ///< cannot reach the server (names host:port)
    Tls,        ///< certificate or handshake failure
    Auth,       ///< rejected credentials, malformed or expired token
    Query,      ///< the server refused a query (carries its code)
    Data,       ///< a value or row that cannot be loaded (carries line, column, value)
    File,       ///< cannot read, write or find a file
    Cancelled,  ///< the user cancelled
    Internal,
    Conflict,   ///< the request would repeat or overwrite something (a finished load, an existing file)
    Forbidden,   ///< the operator did not allow this (a ClickHouse host, another user's files)
    RateLimited, ///< too many attempts (sign-in); try again later
    Limit,       ///< a configured limit is reached (jobs per user, upload size)
};

std::string_view to_string(ErrorKind kind);

/// Where an error happened. Only the fields that apply are set.
struct ErrorContext {
    std::optional<std::uint64_t> line; ///< 1-based line of the file where the record starts
    std::string file;                  ///< the input file, when an import reads several
    std::string column;
    std::optional<std::string> value;
    std::string host;    ///< host:port
    int server_code = 0; ///< ClickHouse exception code
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message, ErrorContext context = {})
        : std::runtime_error(message), kind_(kind), context_(std::move(context)) {}

    ErrorKind kind() const { return kind_; }
    const ErrorContext& context() const { return context_; }

private:
    ErrorKind kind_;
    ErrorContext context_;
};

/// Shortens a value for an error message: long values are cut with an ellipsis, control bytes escaped.
std::string printable_value(std::string_view value, std::size_t max_length = 80);

/// Column names for an error message: "a, b, c", each shortened by printable_value.
std::string printable_names(const std::vector<std::string>& names, std::size_t max_length = 40);

} // namespace ferry
