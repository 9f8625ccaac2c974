#include "server/auth/authenticator.h"

#include "server/auth/secret.h"

namespace ferry::server::auth {

namespace {

/// Five wrong tries a minute per client address and per user name: slow enough that guessing a password
/// takes years, lenient enough for a person who mistypes.
constexpr std::size_t kMaxFailures = 5;
constexpr std::chrono::seconds kFailureWindow{60};

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        const auto pair = trim(header.substr(0, end));
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && trim(pair.substr(0, equals)) == name) {
            return std::string(trim(pair.substr(equals + 1)));
        }
        if (end == std::string_view::npos) {
            break;
        }
        header.remove_prefix(end + 1);
    }
    return {};
}

Authenticator::Authenticator(AuthMode mode, std::string_view token, std::optional<UserFile> users,
                             std::chrono::seconds idle_timeout)
    : mode_(mode), token_hash_(token.empty() ? std::string() : sha256_hex(token)), users_(std::move(users)),
      sessions_(idle_timeout), limiter_(kMaxFailures, kFailureWindow) {}

std::optional<Identity> Authenticator::identify(std::string_view cookie_header) {
    if (mode_ == AuthMode::None) {
        return Identity{"local", true};
    }
    return sessions_.find(cookie_value(cookie_header, kSessionCookie));
}

std::optional<std::chrono::seconds> Authenticator::blocked(const std::string& client, std::string_view user) {
    auto wait = limiter_.blocked("address " + client);
    if (!user.empty()) {
        const auto user_wait = limiter_.blocked("user " + std::string(user));
        if (user_wait && (!wait || *user_wait > *wait)) {
            wait = user_wait;
        }
    }
    return wait;
}

void Authenticator::failed(const std::string& client, std::string_view user) {
    limiter_.record_failure("address " + client);
    if (!user.empty()) {
        limiter_.record_failure("user " + std::string(user));
    }
}

SignInResult Authenticator::signed_in(Identity identity) {
    SignInResult result;
    result.session_id = sessions_.create(identity);
    result.identity = std::move(identity);
    return result;
}

SignInResult Authenticator::sign_in_with_token(std::string_view token, const std::string& client) {
    SignInResult result;
    if ((result.retry_after = blocked(client, {}))) {
        return result;
    }
    if (mode_ != AuthMode::Token || token.empty() ||
        !equal_in_constant_time(sha256_hex(token), token_hash_)) {
        failed(client, {});
        return result;
    }
    // Token mode has one user: whoever holds the token.
    return signed_in(Identity{"token", true});
}

SignInResult Authenticator::sign_in_with_password(std::string_view user, std::string_view password,
                                                  const std::string& client) {
    SignInResult result;
    if ((result.retry_after = blocked(client, user))) {
        return result;
    }
    std::optional<Identity> identity;
    if (mode_ == AuthMode::Users && users_) {
        password_checks_.acquire();
        try {
            identity = users_->verify(user, password);
        } catch (...) {
            password_checks_.release();
            throw;
        }
        password_checks_.release();
    }
    if (!identity) {
        failed(client, user);
        return result;
    }
    return signed_in(std::move(*identity));
}

void Authenticator::sign_out(std::string_view cookie_header) {
    const auto id = cookie_value(cookie_header, kSessionCookie);
    if (!id.empty()) {
        sessions_.remove(id);
    }
}

} // namespace ferry::server::auth
