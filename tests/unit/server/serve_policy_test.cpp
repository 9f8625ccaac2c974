#include "server/serve_policy.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::server {
namespace {

ServePolicy policy_for(ServerOptions options) {
    return decide_policy(options, parse_listen_address(options.listen));
}

TEST(ServePolicy, LoopbackWithoutFlagsIsLocalMode) {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    const auto policy = policy_for(options);
    EXPECT_EQ(policy.auth, auth::AuthMode::None);
    EXPECT_FALSE(policy.shared);
    EXPECT_TRUE(policy.clickhouse.allows("anywhere", 1));
}

TEST(ServePolicy, SignInMakesSharedModeWithNoClickHouseUntilAllowed) {
    ServerOptions options;
    options.listen = "127.0.0.2:0";
    options.auth = "token";
    auto policy = policy_for(options);
    EXPECT_TRUE(policy.shared);
    EXPECT_FALSE(policy.clickhouse.allows("localhost", 8123));
    options.clickhouse_allow = {"localhost:8123"};
    EXPECT_TRUE(policy_for(options).clickhouse.allows("localhost", 8123));
}

TEST(ServePolicy, NonLoopbackNeedsNamesTlsAndSignIn) {
    ServerOptions options;
    options.listen = "192.0.2.10:8090";
    EXPECT_THROW(policy_for(options), Error);
    options.public_urls = {"https://ferry.example.com"};
    EXPECT_THROW(policy_for(options), Error); // no TLS
    options.insecure_http = true;
    auto policy = policy_for(options);
    EXPECT_EQ(policy.auth, auth::AuthMode::Token);
    EXPECT_TRUE(policy.secure_cookie) << "the public URL is https (TLS at a proxy)";
    EXPECT_FALSE(policy.warning.empty());
    options.auth = "none";
    EXPECT_THROW(policy_for(options), Error);
    options.auth = "users";
    EXPECT_THROW(policy_for(options), Error); // no file
}

} // namespace
} // namespace ferry::server
