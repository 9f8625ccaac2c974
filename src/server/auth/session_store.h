#pragma once
/// Signed-in sessions. The client holds a random session id (in the ferry_session cookie); the store keeps
/// only its SHA-256, so that the ids cannot be read back from the server's memory. A session that has not
/// been used for `idle_timeout` is gone.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/auth/identity.h"

namespace ferry::server::auth {

class SessionStore {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit SessionStore(std::chrono::seconds idle_timeout, Clock clock = std::chrono::steady_clock::now);

    /// A new session for `identity`; returns its id (64 hex digits), which only the client keeps.
    std::string create(Identity identity);
    /// The identity of a live session (and marks it used), or nullopt for an unknown or idle one.
    std::optional<Identity> find(std::string_view id);
    /// Ends the session (sign-out). Unknown ids are ignored.
    void remove(std::string_view id);
    std::size_t size() const;

private:
    struct Session {
        Identity identity;
        std::chrono::steady_clock::time_point last_used;
    };
    void drop_idle(std::chrono::steady_clock::time_point now);

    std::chrono::seconds idle_timeout_;
    Clock clock_;
    mutable std::mutex mutex_;
    std::map<std::string, Session> sessions_; ///< by SHA-256 of the id
};

} // namespace ferry::server::auth
