#include "server/http_server.h"

#include "common/error.h"
#include "server/http_server_state.h"
#include "server/tls_context.h"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include <string>

/// Accepting, binding and the threads; each connection runs in http_session_plain.cpp or http_session_tls.cpp.

namespace ferry::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

ServerState::~ServerState() = default;

void ServerState::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) {
            return;
        }
        if (!ec) {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            if (tls) {
                start_tls_session(std::move(socket), *this);
            } else {
                start_plain_session(std::move(socket), *this);
            }
        }
        accept();
    });
}


struct HttpServer::Impl : ServerState {
    using ServerState::ServerState;
};

HttpServer::HttpServer(RequestHandler& handler, std::size_t io_threads, std::size_t worker_threads)
    : impl_(std::make_unique<Impl>(handler, io_threads, worker_threads)) {}

HttpServer::~HttpServer() {
    stop();
}

std::uint16_t HttpServer::bind(const std::string& host, std::uint16_t port) {
    const std::string where =
        (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
    boost::system::error_code ec;
    tcp::resolver resolver(impl_->ioc);
    const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
        throw Error(ErrorKind::Connection, "cannot listen on " + where + ": " +
                                               (ec ? ec.message() : std::string("the host has no address")));
    }
    const tcp::endpoint endpoint = results.begin()->endpoint();
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw Error(ErrorKind::Connection, "cannot listen on " + where + ": " + ec.message());
    }
    return acceptor.local_endpoint().port();
}

void HttpServer::use_tls(const std::filesystem::path& cert, const std::filesystem::path& key) {
    impl_->tls = make_tls_context(cert, key);
}

void HttpServer::run() {
    impl_->accept();
    for (std::size_t i = 0; i < impl_->io_threads; ++i) {
        impl_->threads.emplace_back([this] { impl_->ioc.run(); });
    }
}

void HttpServer::stop() {
    if (impl_->stopped) {
        return;
    }
    impl_->stopped = true;
    impl_->ioc.stop();
    for (auto& thread : impl_->threads) {
        thread.join();
    }
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    impl_->workers.stop();
    impl_->workers.join();
}

} // namespace ferry::server
