#include "support/jwt.h"

#include <stdexcept>

#include "support/clickhouse_fixture.h"

namespace ferry::test {

namespace {

/// Prints the signed token for argv header, payload and secret.
constexpr const char* kSignScript = R"(
import base64, hashlib, hmac, sys
def part(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()
header, payload, secret = (arg.encode() for arg in sys.argv[1:4])
signing_input = part(header) + '.' + part(payload)
signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
print(signing_input + '.' + part(signature))
)";

} // namespace

std::string make_jwt(const std::string& claims_json, const std::string& secret,
                     const std::string& header_json) {
    const auto result =
        run_command("python3 -c " + shell_quote(kSignScript) + " " + shell_quote(header_json) + " " +
                    shell_quote(claims_json) + " " + shell_quote(secret));
    if (result.exit_code != 0 || result.out.empty()) {
        throw std::runtime_error("cannot sign a test JWT with python3: " + result.err);
    }
    std::string token = result.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) {
        token.pop_back();
    }
    return token;
}

std::string make_jwt_for(const std::string& subject, const std::string& secret,
                         std::chrono::seconds expires_in) {
    const std::int64_t now = unix_now();
    return make_jwt(R"({"sub":")" + subject + R"(","iat":)" + std::to_string(now) + R"(,"exp":)" +
                        std::to_string(now + expires_in.count()) + "}",
                    secret);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace ferry::test
