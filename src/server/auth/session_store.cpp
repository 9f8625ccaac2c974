#include "server/auth/session_store.h"

#include "server/auth/secret.h"

namespace ferry::server::auth {

namespace {

/// 32 random bytes: guessing is hopeless, and the id still fits a cookie comfortably.
constexpr std::size_t kSessionIdBytes = 32;
/// Idle sessions are swept out once the store has grown past this, so that it stays bounded.
constexpr std::size_t kSweepAbove = 1024;

} // namespace

std::string_view to_string(AuthMode mode) {
    switch (mode) {
    case AuthMode::None:
        return "none";
    case AuthMode::Token:
        return "token";
    case AuthMode::Users:
        return "users";
    }
    return "none";
}

SessionStore::SessionStore(std::chrono::seconds idle_timeout, Clock clock)
    : idle_timeout_(idle_timeout), clock_(std::move(clock)) {}

std::string SessionStore::create(Identity identity) {
    auto id = random_hex(kSessionIdBytes);
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    if (sessions_.size() > kSweepAbove) {
        drop_idle(now);
    }
    sessions_[sha256_hex(id)] = Session{std::move(identity), now};
    return id;
}

std::optional<Identity> SessionStore::find(std::string_view id) {
    if (id.empty()) {
        return std::nullopt;
    }
    // A map lookup by hash: the hash of a wrong guess shares no useful prefix with a right one, so the
    // comparison's timing tells nothing about the id.
    const auto key = sha256_hex(id);
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(key);
    if (it == sessions_.end()) {
        return std::nullopt;
    }
    if (now - it->second.last_used > idle_timeout_) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second.identity;
}

void SessionStore::remove(std::string_view id) {
    const auto key = sha256_hex(id);
    std::lock_guard lock(mutex_);
    sessions_.erase(key);
}

std::size_t SessionStore::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void SessionStore::drop_idle(std::chrono::steady_clock::time_point now) {
    std::erase_if(sessions_, [&](const auto& item) { return now - item.second.last_used > idle_timeout_; });
}

} // namespace ferry::server::auth
