#include "server/serve_policy.h"

#include <boost/asio/ip/address.hpp>

#include "common/error.h"

namespace ferry::server {

bool is_loopback(const std::string& host) {
    if (host == "localhost") {
        return true;
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

ServePolicy decide_policy(const ServerOptions& options, const ListenAddress& listen) {
    ServePolicy policy;
    const bool loopback = is_loopback(listen.host);
    const std::string where = listen.url_host() + ":" + std::to_string(listen.port);

    if (options.auth.empty()) {
        policy.auth = loopback ? auth::AuthMode::None : auth::AuthMode::Token;
    } else if (options.auth == "none") {
        policy.auth = auth::AuthMode::None;
    } else if (options.auth == "token") {
        policy.auth = auth::AuthMode::Token;
    } else if (options.auth == "users") {
        policy.auth = auth::AuthMode::Users;
    } else {
        throw Error(ErrorKind::Usage,
                    "--auth must be none, token or users FILE (not '" + options.auth + "')");
    }
    if (policy.auth == auth::AuthMode::Users && options.users_file.empty()) {
        throw Error(ErrorKind::Usage, "--auth users needs the users file: --auth users FILE (create entries "
                                      "with `ferry users add FILE NAME`)");
    }
    if (options.tls_cert.empty() != options.tls_key.empty()) {
        throw Error(ErrorKind::Usage, "TLS needs both --tls-cert FILE and --tls-key FILE");
    }
    policy.tls = !options.tls_cert.empty();
    for (const auto& text : options.public_urls) {
        policy.public_urls.push_back(PublicUrl::parse(text));
    }

    if (!loopback) {
        if (policy.public_urls.empty() && options.allow_hosts.empty()) {
            throw Error(ErrorKind::Usage,
                        "ferry serve --listen " + where +
                            " is not a loopback address, so browsers will reach it under another name, which "
                            "Ferry refuses unless told (DNS rebinding). Add --public-url URL (the address "
                            "people type, e.g. https://ferry.example.com) or --allow-host NAME");
        }
        if (policy.auth == auth::AuthMode::None) {
            throw Error(ErrorKind::Usage, "ferry serve --listen " + where +
                                              " with --auth none would let anyone who can reach it use "
                                              "Ferry; use --auth token (the default) or --auth users FILE");
        }
        if (!policy.tls && !options.insecure_http) {
            throw Error(ErrorKind::Usage,
                        "ferry serve --listen " + where +
                            " without TLS would send sign-ins and data in clear text: add --tls-cert FILE "
                            "--tls-key FILE, or --insecure-http when a TLS reverse proxy is in front");
        }
        if (!policy.tls) {
            policy.warning = "warning: serving plain http on " + where +
                             " (--insecure-http): tokens, passwords and data cross the network unencrypted "
                             "unless a TLS reverse proxy is in front";
        }
    }

    policy.shared = !loopback || policy.auth != auth::AuthMode::None;
    // In shared mode the clients are other people: the server connects only where the operator said.
    if (policy.shared || !options.clickhouse_allow.empty()) {
        policy.clickhouse = ClickHouseAllowList(options.clickhouse_allow);
    }
    policy.secure_cookie = policy.tls;
    for (const auto& url : policy.public_urls) {
        policy.secure_cookie = policy.secure_cookie || url.scheme == "https";
    }
    if (!options.shared_folder.empty() && policy.auth != auth::AuthMode::Users) {
        throw Error(ErrorKind::Usage, "--shared-folder is for --auth users (other modes have one folder)");
    }
    return policy;
}

} // namespace ferry::server
