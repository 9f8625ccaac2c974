#pragma once
/// Test support: HS256 JSON Web Tokens signed with a shared secret, as an identity provider would issue
/// them for the JWT gateway (scripts/jwt-gateway.sh). Signed by python3's hmac module, run through
/// run_command, so the tests need no crypto library of their own.

#include <chrono>
#include <cstdint>
#include <string>

namespace ferry::test {

/// A token whose header is `header_json` and whose payload is `claims_json` (both JSON text, encoded
/// as given), signed with HMAC-SHA256 over "header.payload" with `secret`.
std::string make_jwt(const std::string& claims_json, const std::string& secret,
                     const std::string& header_json = R"({"alg":"HS256","typ":"JWT"})");

/// A token for ClickHouse user `subject` that expires `expires_in` from now (negative: already expired).
std::string make_jwt_for(const std::string& subject, const std::string& secret,
                         std::chrono::seconds expires_in = std::chrono::minutes(10));

/// Seconds since the epoch, now.
std::int64_t unix_now();

} // namespace ferry::test
