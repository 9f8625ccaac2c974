#pragma once
/// The TLS settings of Ferry's own https server (`--tls-cert FILE --tls-key FILE`): OpenSSL through
/// Boost.Asio, TLS 1.2 and newer only. Included only by the transport (http_server.cpp).

#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <memory>

namespace ferry::server {

/// Loads the PEM certificate chain and its private key. Throws Error(Usage) naming the file and OpenSSL's
/// reason when either cannot be used (missing, not PEM, key not matching the certificate).
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::filesystem::path& cert,
                                                            const std::filesystem::path& key);

} // namespace ferry::server
