#pragma once
/// The HTTP/1.1 transport, plain or over TLS (Boost.Beast over Asio and OpenSSL; this and tls_context are
/// the only files that include them). Reads a
/// request head, asks the RequestHandler whether and how to read the body, then runs the handler on a worker
/// pool so that slow handlers never stall the I/O threads. Responses are buffered strings, files streamed
/// from disk, or server-sent event streams polled on a timer.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "server/http_message.h"

namespace ferry::server {

/// What to do with a request once its head is read.
struct Admission {
    std::optional<Response> reject; ///< answer this at once, without reading the body
    BodyKind body = BodyKind::Buffered;
    std::uint64_t body_limit = 0; ///< for Buffered bodies; over it the answer is 413
};

class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    /// Runs on an I/O thread, so must be quick: checks the head, picks the route, says how to read the body.
    virtual Admission admit(Request& request) = 0;
    /// Runs on a worker thread with the body read. Never throws.
    virtual Response handle(Request& request) noexcept = 0;
    /// The body of an admitted request could not be read (client gone): clean up what admit() prepared.
    virtual void abandon(Request& request) noexcept = 0;
};

class HttpServer {
public:
    HttpServer(RequestHandler& handler, std::size_t io_threads, std::size_t worker_threads);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds `host:port` (port 0 picks a free port) and returns the bound port. Throws Error(Connection).
    std::uint16_t bind(const std::string& host, std::uint16_t port);
    /// Serves https with this PEM certificate chain and key (before run()). Throws Error(Usage).
    void use_tls(const std::filesystem::path& cert, const std::filesystem::path& key);
    /// Starts accepting on background threads.
    void run();
    /// Stops accepting, drops open connections and joins all threads. Idempotent.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ferry::server
