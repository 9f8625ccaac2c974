#pragma once
/// Client-side inspection of a JWT before it is sent as `Authorization: Bearer`. Ferry does not verify the
/// signature (only the server or its gateway holds the key); it decodes the claims to show who the token is
/// for and refuses a malformed or expired token before any request, with a message saying when it expired.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::clickhouse {

struct JwtClaims {
    std::string subject;                 ///< `sub`
    std::string issuer;                  ///< `iss`
    std::optional<std::int64_t> expires; ///< `exp`, seconds since the epoch
    std::optional<std::int64_t> issued;  ///< `iat`
};

/// Decodes header and payload (base64url JSON). Throws Error(Auth) "malformed JWT: ..." on anything that
/// is not three base64url parts with a JSON object payload. Never puts the token itself in a message.
JwtClaims decode_jwt(std::string_view token);

/// decode_jwt, then Error(Auth) "the JWT for 'sub' expired at 2026-11-25 10:00:00 UTC (12 minutes ago)"
/// when `exp` is in the past at `now`.
JwtClaims check_jwt(std::string_view token,
                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// "2026-11-25 10:00:00 UTC"
std::string format_utc(std::int64_t seconds_since_epoch);

} // namespace ferry::clickhouse
