#pragma once
/// Ferry's web server: the JSON API for the UI and scripts, the built UI's static files, and the job
/// registry that runs transfers in the background. Local-only by design: it binds to loopback by default and
/// refuses requests from other hosts' pages (DNS rebinding, CSRF).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace ferry::server {

struct ServerOptions {
    std::string listen = "127.0.0.1:8080"; ///< host:port; port 0 picks a free port
    std::filesystem::path data_dir;        ///< files the API may read and write; empty = current directory
    std::filesystem::path web_dir;         ///< built React app (index.html + assets); empty = API only
    std::size_t max_json_body = 1 << 20;
};

/// Serves until SIGINT/SIGTERM. Prints "Ferry is serving on http://127.0.0.1:8080" on stdout when ready
/// (after binding; with port 0 the real port). Throws ferry::Error when it cannot listen.
int run_server(const ServerOptions& options);

/// The server without the signal handling, for embedding and tests: serves on background threads from
/// start() until stop() or destruction.
class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and starts serving. Throws ferry::Error when the address cannot be bound.
    void start();
    /// Cancels running jobs, closes connections and joins all threads. Idempotent.
    void stop();

    /// The bound port (after start()).
    std::uint16_t port() const;
    /// "http://127.0.0.1:8080", with the bound port.
    std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ferry::server
