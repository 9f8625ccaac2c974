#pragma once
/// Counts failed sign-ins per key (a client address, a user name) in a sliding window, so that guessing
/// passwords or the token is slowed to a few tries a minute. Both keys are checked: many addresses cannot
/// gang up on one user name, and one address cannot try many names.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ferry::server::auth {

class RateLimiter {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    RateLimiter(std::size_t max_failures, std::chrono::seconds window,
                Clock clock = std::chrono::steady_clock::now);

    /// How long `key` must wait before it may try again, or nullopt when it may try now.
    std::optional<std::chrono::seconds> blocked(const std::string& key);
    void record_failure(const std::string& key);

private:
    void forget_old(std::deque<std::chrono::steady_clock::time_point>& times,
                    std::chrono::steady_clock::time_point now) const;

    std::size_t max_failures_;
    std::chrono::seconds window_;
    Clock clock_;
    std::mutex mutex_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
};

} // namespace ferry::server::auth
