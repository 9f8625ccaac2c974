#include "server/server.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <cstdlib>

#include <fstream>
#include <iostream>

#include "common/error.h"
#include "server/application.h"
#include "server/auth/secret.h"
#include "server/http_server.h"
#include "server/listen_address.h"
#include "server/serve_policy.h"

namespace ferry::server {

namespace {

/// Token mode's secret: 32 random bytes, as Jupyter's.
constexpr std::size_t kTokenBytes = 32;

/// The token of --token-file: the file's first line. Short tokens are refused: they could be guessed
/// despite the rate limit.
std::string read_token_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string token;
    if (!in || !std::getline(in, token)) {
        throw Error(ErrorKind::Usage, "cannot read --token-file '" + path.string() + "'");
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    if (token.size() < 32) {
        throw Error(ErrorKind::Usage, "the token in --token-file '" + path.string() +
                                          "' is shorter than 32 characters; use e.g. `openssl rand -hex 32`");
    }
    return token;
}

/// Asio threads wait for I/O; handlers (ClickHouse queries, file reads) run on the workers; jobs have
/// threads of their own in the registry.
constexpr std::size_t kIoThreads = 4;
constexpr std::size_t kWorkerThreads = 8;

/// A long-lived server whose request threads each touch a few MiB (previews, sniffing, jobs) grows with
/// glibc's default of one arena per thread up to 8 × cores: after eight concurrent imports and five hundred
/// previews the load test measured 126–184 MiB resident, swinging ±12 MiB; with two arenas, 64–77 MiB,
/// steady, and preview latency the same. Must run before any thread starts. MALLOC_ARENA_MAX still wins.
void limit_malloc_arenas() {
    if (std::getenv("MALLOC_ARENA_MAX") == nullptr) {
        mallopt(M_ARENA_MAX, 2);
    }
}

/// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that run_server can
/// sigwait() for them; restores the previous mask on exit.
class BlockedSignals {
public:
    BlockedSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    }
    ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    BlockedSignals(const BlockedSignals&) = delete;
    BlockedSignals& operator=(const BlockedSignals&) = delete;

    int wait() const {
        int signal = 0;
        sigwait(&set_, &signal);
        return signal;
    }

private:
    sigset_t set_{};
    sigset_t previous_{};
};

} // namespace

struct Server::Impl {
    ServerOptions options;
    ListenAddress listen;
    ServePolicy policy;
    std::string token; ///< token mode's secret; only printed, and handed to the application to hash
    std::uint16_t port = 0;
    // Declared before `http` so that it is destroyed after it: sessions may still use it while stopping.
    std::unique_ptr<Application> app;
    std::unique_ptr<HttpServer> http;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->listen = parse_listen_address(options.listen);
    impl_->policy = decide_policy(options, impl_->listen);
    if (impl_->policy.auth == auth::AuthMode::Token) {
        impl_->token = !options.token_file.empty() ? read_token_file(options.token_file)
                       : options.token.empty()     ? auth::random_hex(kTokenBytes)
                                                   : options.token;
    } else if (!options.token_file.empty()) {
        throw Error(ErrorKind::Usage, "--token-file is for --auth token");
    }
    impl_->options = std::move(options);
}

Server::~Server() {
    stop();
}

void Server::start() {
    impl_->app = std::make_unique<Application>(impl_->options, impl_->listen, impl_->policy, impl_->token,
                                               pipeline::run_job);
    impl_->http = std::make_unique<HttpServer>(*impl_->app, kIoThreads, kWorkerThreads);
    if (impl_->policy.tls) {
        impl_->http->use_tls(impl_->options.tls_cert, impl_->options.tls_key);
    }
    impl_->port = impl_->http->bind(impl_->listen.host, impl_->listen.port);
    impl_->app->set_port(impl_->port);
    impl_->http->run();
}

void Server::stop() {
    if (impl_->http) {
        impl_->http->stop();
        impl_->http.reset();
    }
    impl_->app.reset(); // cancels the jobs still running and waits for them
}

std::uint16_t Server::port() const {
    return impl_->port;
}

std::string Server::url() const {
    ListenAddress address = impl_->listen;
    address.port = impl_->port;
    const auto url = address.url(); // "http://..."
    return impl_->policy.tls ? "https" + url.substr(4) : url;
}

std::string Server::sign_in_url() const {
    // The address people use: the public URL when there is one, since the listen address may be internal.
    const auto base = impl_->policy.public_urls.empty() ? url() : impl_->policy.public_urls.front().text;
    if (impl_->token.empty()) {
        return base + "/";
    }
    // A token from a file is the operator's to hand out; it stays out of stdout (and so out of journald).
    return impl_->options.token_file.empty() ? base + "/?token=" + impl_->token : base + "/?token=…";
}

std::string Server::warning() const {
    return impl_->policy.warning;
}

int run_server(const ServerOptions& options) {
    limit_malloc_arenas();
    const BlockedSignals signals;
    Server server(options);
    server.start();
    if (!server.warning().empty()) {
        std::cerr << "ferry serve: " << server.warning() << std::endl;
    }
    std::cout << "Ferry is serving on " << server.url() << std::endl;
    if (server.sign_in_url().find("?token=") != std::string::npos) {
        // Like Jupyter: the link carries the token, for the person who started the server to open or pass
        // on. On stdout only, never in a log file the server writes.
        std::cout << "Sign in: " << server.sign_in_url();
        if (!options.token_file.empty()) {
            std::cout << " (the token in " << options.token_file.string() << ")";
        }
        std::cout << std::endl;
    }
    signals.wait();
    std::cout << "Ferry is stopping" << std::endl;
    server.stop();
    return 0;
}

} // namespace ferry::server
