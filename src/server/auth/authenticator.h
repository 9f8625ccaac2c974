#pragma once
/// Sign-in for `ferry serve`: checks a token or a name and password, with failed attempts rate limited per
/// client address and per user name, and hands out sessions. Knows nothing of HTTP beyond the cookie's
/// value; the session routes and the application turn its answers into responses.

#include <chrono>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

#include "server/auth/identity.h"
#include "server/auth/rate_limiter.h"
#include "server/auth/session_store.h"
#include "server/auth/user_file.h"

namespace ferry::server::auth {

/// The name of the cookie that carries the session id.
inline constexpr std::string_view kSessionCookie = "ferry_session";

struct SignInResult {
    std::optional<Identity> identity;                ///< set when signed in
    std::string session_id;                          ///< the new session's id, for the cookie
    std::optional<std::chrono::seconds> retry_after; ///< set when refused for too many failures
};

class Authenticator {
public:
    /// `token`: the secret of token mode (kept only as its hash). `users`: the users of users mode.
    Authenticator(AuthMode mode, std::string_view token, std::optional<UserFile> users,
                  std::chrono::seconds idle_timeout);

    AuthMode mode() const { return mode_; }

    /// The signed-in identity of a request with this Cookie header; always the local user in mode none.
    std::optional<Identity> identify(std::string_view cookie_header);
    SignInResult sign_in_with_token(std::string_view token, const std::string& client);
    SignInResult sign_in_with_password(std::string_view user, std::string_view password,
                                       const std::string& client);
    /// Ends the session named by the Cookie header, if any.
    void sign_out(std::string_view cookie_header);

private:
    std::optional<std::chrono::seconds> blocked(const std::string& client, std::string_view user);
    void failed(const std::string& client, std::string_view user);
    SignInResult signed_in(Identity identity);

    AuthMode mode_;
    std::string token_hash_;
    std::optional<UserFile> users_;
    SessionStore sessions_;
    RateLimiter limiter_;
    /// Each password check takes ~64 MiB and ~0.1 s of one core (Argon2id, libsodium's interactive
    /// costs): a burst of sign-ins from many addresses waits here rather than exhausting memory.
    std::counting_semaphore<> password_checks_{2};
};

/// The value of cookie `name` in a Cookie header ("a=1; ferry_session=abc"), or "" when absent.
std::string cookie_value(std::string_view header, std::string_view name);

} // namespace ferry::server::auth
