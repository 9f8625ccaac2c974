#include "server/auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace ferry::server::auth {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, BlocksAfterTheLimitUntilTheOldestFailureAgesOut) {
    auto now = std::chrono::steady_clock::time_point{} + 1h;
    RateLimiter limiter(3, 60s, [&] { return now; });
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limiter.blocked("a"));
        limiter.record_failure("a");
        now += 10s;
    }
    ASSERT_TRUE(limiter.blocked("a"));
    EXPECT_EQ(*limiter.blocked("a"), 30s); // the first failure was 30 s ago
    EXPECT_FALSE(limiter.blocked("b"));
    now += 30s;
    EXPECT_FALSE(limiter.blocked("a"));
}

} // namespace
} // namespace ferry::server::auth
