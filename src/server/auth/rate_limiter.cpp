#include "server/auth/rate_limiter.h"

namespace ferry::server::auth {

namespace {

/// Keys whose failures have all aged out are dropped once there are this many, to bound the memory a
/// flood of addresses or names can take.
constexpr std::size_t kSweepAbove = 4096;

} // namespace

RateLimiter::RateLimiter(std::size_t max_failures, std::chrono::seconds window, Clock clock)
    : max_failures_(max_failures), window_(window), clock_(std::move(clock)) {}

void RateLimiter::forget_old(std::deque<std::chrono::steady_clock::time_point>& times,
                             std::chrono::steady_clock::time_point now) const {
    while (!times.empty() && now - times.front() >= window_) {
        times.pop_front();
    }
}

std::optional<std::chrono::seconds> RateLimiter::blocked(const std::string& key) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    const auto it = failures_.find(key);
    if (it == failures_.end()) {
        return std::nullopt;
    }
    forget_old(it->second, now);
    if (it->second.size() < max_failures_) {
        return std::nullopt;
    }
    // Free again once the oldest failure of the window ages out; round up to whole seconds.
    const auto wait = it->second.front() + window_ - now;
    return std::chrono::ceil<std::chrono::seconds>(wait);
}

void RateLimiter::record_failure(const std::string& key) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    if (failures_.size() > kSweepAbove) {
        for (auto it = failures_.begin(); it != failures_.end();) {
            forget_old(it->second, now);
            it = it->second.empty() ? failures_.erase(it) : std::next(it);
        }
    }
    auto& times = failures_[key];
    forget_old(times, now);
    times.push_back(now);
}

} // namespace ferry::server::auth
