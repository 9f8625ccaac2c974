#include "server/request_guard.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "server/listen_address.h"

namespace ferry::server {
namespace {

TEST(RequestGuard, AcceptsLocalHostNamesWithOrWithoutThePort) {
    const RequestGuard guard("127.0.0.1", 8080);
    for (const char* host :
         {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "localhost", "127.0.0.1"}) {
        EXPECT_TRUE(guard.host_allowed(host)) << host;
    }
}

TEST(RequestGuard, RefusesForeignHostsAndOtherPorts) {
    const RequestGuard guard("127.0.0.1", 8080);
    for (const char* host : {"evil.example", "evil.example:8080", "127.0.0.1:8081", "localhost.evil.example",
                             "", "127.0.0.1:", "127.0.0.1:80x", "[::1", "192.168.1.5:8080"}) {
        EXPECT_FALSE(guard.host_allowed(host)) << host;
    }
}

TEST(RequestGuard, AcceptsTheListenHost) {
    const RequestGuard guard("ferry.local", 9000);
    EXPECT_TRUE(guard.host_allowed("ferry.local:9000"));
    const RequestGuard v6("::1", 9000);
    EXPECT_TRUE(v6.host_allowed("[::1]:9000"));
}

TEST(RequestGuard, ChecksOriginOnlyForUnsafeMethods) {
    const RequestGuard guard("127.0.0.1", 8080);
    EXPECT_FALSE(guard.check("POST", "127.0.0.1:8080", std::nullopt));
    EXPECT_FALSE(guard.check("POST", "127.0.0.1:8080", "http://127.0.0.1:8080"));
    EXPECT_FALSE(guard.check("POST", "localhost:8080", "http://localhost:8080"));
    EXPECT_TRUE(guard.check("POST", "127.0.0.1:8080", "http://evil.example"));
    EXPECT_TRUE(guard.check("DELETE", "127.0.0.1:8080", "http://localhost:9999"));
    EXPECT_TRUE(guard.check("POST", "127.0.0.1:8080", "https://127.0.0.1:8080"));
    EXPECT_TRUE(guard.check("POST", "127.0.0.1:8080", "null"));
    EXPECT_FALSE(guard.check("GET", "127.0.0.1:8080", "http://evil.example"));
    EXPECT_TRUE(guard.check("GET", "evil.example:8080", std::nullopt));
}

TEST(ListenAddress, ParsesHostAndPort) {
    auto a = parse_listen_address("127.0.0.1:8080");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 8080);
    EXPECT_EQ(a.url(), "http://127.0.0.1:8080");
    a = parse_listen_address("[::1]:0");
    EXPECT_EQ(a.host, "::1");
    EXPECT_EQ(a.port, 0);
    EXPECT_EQ(a.url(), "http://[::1]:0");
    a = parse_listen_address("9000");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 9000);
    a = parse_listen_address(":9001");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 9001);
    EXPECT_THROW(parse_listen_address("localhost:http"), Error);
    EXPECT_THROW(parse_listen_address("localhost:70000"), Error);
    EXPECT_THROW(parse_listen_address("::1:8080"), Error);
    EXPECT_THROW(parse_listen_address(""), Error);
}

} // namespace
} // namespace ferry::server
