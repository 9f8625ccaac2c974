#include <boost/beast/ssl.hpp>

#include "server/http_session.h"

/// The https connection, in a translation unit of its own (http_server_state.h says why).

namespace ferry::server {

void start_tls_session(boost::asio::ip::tcp::socket socket, ServerState& server) {
    std::make_shared<http_session::Session<boost::beast::ssl_stream<boost::beast::tcp_stream>>>(std::move(socket),
                                                                                              server)
        ->start();
}

} // namespace ferry::server
