#pragma once
/// The server's own view of an HTTP exchange. Routes see only these types, so that Beast and Asio are
/// compiled in one file (http_server.cpp) and the routes stay quick to build and easy to test.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace ferry::server {

/// An error with the HTTP status to answer it with (for failures the server itself detects: bad paths,
/// unknown routes, oversize bodies). Other ferry::Errors get a status from their kind.
class HttpError : public Error {
public:
    HttpError(unsigned status, ErrorKind kind, const std::string& message)
        : Error(kind, message), status_(status) {}
    unsigned status() const { return status_; }

private:
    unsigned status_;
};

/// 413 for an upload over --max-upload-size (checked from Content-Length before reading, and while reading
/// a body without one).
HttpError upload_too_large(std::uint64_t limit);

/// The HTTP status for an error kind: usage 400, auth 401, connection/tls 502, query/data 422, file 400,
/// cancelled 409, conflict 409, forbidden 403, rate_limited/limit 429, internal 500.
unsigned status_for(ErrorKind kind);

/// Server-sent events produced bit by bit: the HTTP layer polls the stream, without blocking a thread
/// between polls, until it says it has ended.
class EventStream {
public:
    virtual ~EventStream() = default;
    /// Appends the events to send now (possibly none) to `out`. Returns false once the stream has ended;
    /// the events appended by that last call are still sent.
    virtual bool poll(std::string& out) = 0;
};

/// Formats one server-sent event: "event: NAME\ndata: LINE\n...\n\n".
std::string format_event(std::string_view name, std::string_view data);

/// How the HTTP layer should read a request body.
enum class BodyKind {
    Buffered, ///< into Request::body, up to a limit (JSON)
    Upload,   ///< streamed into Request::upload_file, without a limit
};

struct Route;

struct Request {
    std::string method;                         ///< "GET", "POST", ...
    std::string target;                         ///< as sent: "/api/files?name=a%20b.csv"
    std::string path;                           ///< the target's path, still percent-encoded
    std::string query;                          ///< the target's query string, still percent-encoded
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::optional<std::uint64_t> content_length;
    std::string remote_address; ///< the client's IP address (a proxy's, behind one)

    std::string user;   ///< the signed-in user, set when the request is admitted ("local" in local mode)
    bool admin = false; ///< may see every user's jobs

    const Route* route = nullptr;              ///< set when the request is admitted; null for static files
    std::map<std::string, std::string> params; ///< route parameters, percent-decoded
    std::string body;
    std::filesystem::path upload_file; ///< where an Upload body was streamed to

    /// A header's value, or "" when absent.
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
    /// A decoded query parameter, or nullopt when absent.
    std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::filesystem::path file;          ///< when set, the body is streamed from this file
    std::shared_ptr<EventStream> events; ///< when set, the body is a server-sent event stream

    static Response json(unsigned status, std::string body);
    /// `{"error": {"kind", "message"}}`
    static Response error(unsigned status, ErrorKind kind, std::string_view message);
    static Response from_exception(const std::exception& error);
};

} // namespace ferry::server
