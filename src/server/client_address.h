#pragma once
/// The address a request comes from, for per-address sign-in limits. Behind a reverse proxy every request
/// arrives from the proxy, so one attacker's failures would lock everybody out: for peers named by
/// `--trusted-proxy`, the client is the last address of X-Forwarded-For (the one that proxy added; earlier
/// entries are the client's own claims and are ignored).

#include <string>
#include <vector>

#include "server/http_message.h"

namespace ferry::server {

/// `peer` is the TCP peer's address; `trusted_proxies` exact addresses ("127.0.0.1", "::1").
std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

} // namespace ferry::server
