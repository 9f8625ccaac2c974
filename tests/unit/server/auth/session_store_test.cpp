#include "server/auth/session_store.h"

#include <gtest/gtest.h>

namespace ferry::server::auth {
namespace {

using namespace std::chrono_literals;

TEST(SessionStore, FindsLiveSessionsAndForgetsIdleOnes) {
    auto now = std::chrono::steady_clock::time_point{} + 1h;
    SessionStore store(30min, [&] { return now; });
    const auto id = store.create({"alice", false});
    EXPECT_EQ(id.size(), 64u);
    EXPECT_NE(store.create({"alice", false}), id);
    now += 29min;
    ASSERT_TRUE(store.find(id));
    EXPECT_EQ(store.find(id)->user, "alice");
    now += 29min; // used 29 minutes ago: still alive, since each use restarts the clock
    EXPECT_TRUE(store.find(id));
    now += 31min;
    EXPECT_FALSE(store.find(id));
    EXPECT_FALSE(store.find(""));
    EXPECT_FALSE(store.find("not-an-id"));
}

TEST(SessionStore, RemoveEndsTheSession) {
    SessionStore store(1h);
    const auto id = store.create({"bob", true});
    store.remove(id);
    EXPECT_FALSE(store.find(id));
}

} // namespace
} // namespace ferry::server::auth
