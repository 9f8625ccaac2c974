#include "server/tls_context.h"

#include "common/error.h"

namespace ferry::server {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const std::filesystem::path& cert,
                                               const std::filesystem::path& key) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    // TLS 1.0 and 1.1 are deprecated (RFC 8996); every browser a team uses speaks 1.2 or 1.3.
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                         ssl::context::no_compression);
    boost::system::error_code ec;
    context->use_certificate_chain_file(cert.string(), ec);
    if (ec) {
        throw Error(ErrorKind::Usage, "--tls-cert '" + cert.string() + "' cannot be used: " + ec.message() +
                                          " (expected a PEM certificate, then any intermediates)");
    }
    context->use_private_key_file(key.string(), ssl::context::pem, ec);
    if (ec) {
        throw Error(ErrorKind::Usage, "--tls-key '" + key.string() + "' cannot be used with --tls-cert '" +
                                          cert.string() + "': " + ec.message() +
                                          " (expected the PEM private key of that certificate)");
    }
    return context;
}

} // namespace ferry::server
