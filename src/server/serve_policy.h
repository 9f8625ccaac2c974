#pragma once
/// How `ferry serve` runs, decided once from its options and the listen address: local mode (loopback, no
/// sign-in: as before) or shared mode (sign-in, allowed ClickHouse hosts, per-user data). Refuses, with
/// advice, the combinations that would expose a server carelessly: a non-loopback address without the
/// names clients use, without TLS (unless --insecure-http), or without sign-in.

#include <optional>
#include <string>
#include <vector>

#include "server/auth/identity.h"
#include "server/clickhouse_allow_list.h"
#include "server/listen_address.h"
#include "server/request_guard.h"
#include "server/server.h"

namespace ferry::server {

struct ServePolicy {
    auth::AuthMode auth = auth::AuthMode::None;
    bool shared = false; ///< sign-in or a non-loopback bind
    bool tls = false;
    bool secure_cookie = false; ///< TLS here, or an https public URL (TLS at a proxy)
    std::vector<PublicUrl> public_urls;
    ClickHouseAllowList clickhouse = ClickHouseAllowList::everything();
    std::string warning; ///< to print at start, or ""
};

/// 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

/// Throws Error(Usage) with what to add or remove.
ServePolicy decide_policy(const ServerOptions& options, const ListenAddress& listen);

} // namespace ferry::server
