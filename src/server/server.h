#pragma once
/// Ferry's web server: the JSON API for the UI and scripts, the built UI's static files, and the job
/// registry that runs transfers in the background. Local by default: it binds to loopback and refuses
/// requests from other hosts' pages (DNS rebinding, CSRF). Shared mode (a team on one server) adds
/// sign-in, TLS, allowed ClickHouse hosts, per-user files and jobs, and limits; see serve_policy.h.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ferry::server {

struct ServerOptions {
    std::string listen = "127.0.0.1:8080"; ///< host:port; port 0 picks a free port
    std::filesystem::path data_dir;        ///< files the API may read and write; empty = current directory
    std::filesystem::path web_dir;         ///< built React app (index.html + assets); empty = API only
    std::size_t max_json_body = 1 << 20;

    std::vector<std::string> public_urls;      ///< --public-url: how clients reach the server
    std::vector<std::string> allow_hosts;      ///< --allow-host: more Host names to accept
    std::vector<std::string> clickhouse_allow; ///< --clickhouse-allow host[:port]
    std::string auth;                          ///< "none", "token", "users"; empty = by the bind address
    std::filesystem::path users_file;          ///< with auth "users"
    std::string token;                         ///< with auth "token": empty = a random one (tests fix it)
    std::filesystem::path token_file;          ///< with auth "token": read the token here, never print it
    std::filesystem::path tls_cert;            ///< PEM certificate chain; with tls_key, serve https
    std::filesystem::path tls_key;
    bool insecure_http = false;                ///< allow plain http on a non-loopback address
    std::string shared_folder;                 ///< users mode: a folder of the data directory for all
    std::uint64_t max_upload_size = 0;         ///< bytes; 0 = no limit
    std::size_t max_jobs_per_user = 0;         ///< queued + running jobs per user; 0 = no limit
    std::size_t max_jobs = 0;                  ///< queued + running jobs of all users; 0 = no limit
    std::size_t max_running_jobs = 4;          ///< transfers running at once; more wait as queued
    std::chrono::seconds session_idle_timeout{std::chrono::hours(8)};
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
    /// "http://127.0.0.1:8080" (https with TLS), with the bound port.
    std::string url() const;
    /// The link that signs in: in token mode `<public or local url>/?token=...` (without the token when it
    /// came from --token-file), else the plain URL with "/".
    std::string sign_in_url() const;
    /// A warning to print at start (plain http on a non-loopback address), or "".
    std::string warning() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ferry::server
