#pragma once
/// What the connections of one HttpServer share (its io_context, worker pool, acceptor and TLS context), and
/// the two ways a connection starts. Internal to server/: http_server.cpp accepts and owns the threads; each
/// kind of connection is compiled in its own file (http_session_plain.cpp, http_session_tls.cpp), because
/// Beast's templates make one translation unit with both take minutes and gigabytes to compile.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/http_server.h"

namespace boost::asio::ssl {
class context;
}

namespace ferry::server {

/// What the sessions share.
struct ServerState {
    ServerState(RequestHandler& handler, std::size_t io_threads, std::size_t worker_threads)
        : handler(handler), io_threads(std::max<std::size_t>(io_threads, 1)),
          ioc(static_cast<int>(io_threads)), workers(std::max<std::size_t>(worker_threads, 1)),
          acceptor(ioc) {}
    ~ServerState();

    void accept();

    RequestHandler& handler;
    std::size_t io_threads;
    boost::asio::io_context ioc;
    boost::asio::thread_pool workers;
    boost::asio::ip::tcp::acceptor acceptor;
    std::vector<std::thread> threads;
    std::shared_ptr<boost::asio::ssl::context> tls; ///< set: every connection speaks TLS
    bool stopped = false;
};

/// Serves one accepted connection until it closes (http_session_plain.cpp).
void start_plain_session(boost::asio::ip::tcp::socket socket, ServerState& server);
/// The same over TLS, with `server.tls` (http_session_tls.cpp).
void start_tls_session(boost::asio::ip::tcp::socket socket, ServerState& server);

} // namespace ferry::server
