#include "server/auth/authenticator.h"

#include <gtest/gtest.h>

namespace ferry::server::auth {
namespace {

using namespace std::chrono_literals;

TEST(Authenticator, ReadsTheSessionCookie) {
    EXPECT_EQ(cookie_value("a=1; ferry_session=abc; b=2", "ferry_session"), "abc");
    EXPECT_EQ(cookie_value("ferry_session=abc", "ferry_session"), "abc");
    EXPECT_EQ(cookie_value("x_ferry_session=abc", "ferry_session"), "");
    EXPECT_EQ(cookie_value("", "ferry_session"), "");
}

TEST(Authenticator, TokenModeSignsInWithTheTokenOnly) {
    Authenticator auth(AuthMode::Token, "the-token", std::nullopt, 1h);
    EXPECT_FALSE(auth.identify(""));
    EXPECT_FALSE(auth.sign_in_with_token("wrong", "1.2.3.4").identity);
    EXPECT_FALSE(auth.sign_in_with_password("token", "the-token", "1.2.3.4").identity);
    const auto result = auth.sign_in_with_token("the-token", "1.2.3.4");
    ASSERT_TRUE(result.identity);
    const auto cookie = "ferry_session=" + result.session_id;
    EXPECT_EQ(auth.identify(cookie)->user, "token");
    auth.sign_out(cookie);
    EXPECT_FALSE(auth.identify(cookie));
}

TEST(Authenticator, NoneModeIsTheLocalAdmin) {
    Authenticator auth(AuthMode::None, "", std::nullopt, 1h);
    const auto identity = auth.identify("");
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->user, "local");
    EXPECT_TRUE(identity->admin);
}

} // namespace
} // namespace ferry::server::auth
