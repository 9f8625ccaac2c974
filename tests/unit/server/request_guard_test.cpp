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

TEST(RequestGuard, AcceptsPublicUrlsAndAllowedNames) {
    const RequestGuard guard("0.0.0.0", 8090, {PublicUrl::parse("https://ferry.example.com/")}, {"ferry.lan"});
    EXPECT_TRUE(guard.host_allowed("ferry.example.com"));
    EXPECT_TRUE(guard.host_allowed("ferry.example.com:443"));
    EXPECT_TRUE(guard.host_allowed("ferry.example.com:8090")) << "a proxy passing its upstream port";
    EXPECT_FALSE(guard.host_allowed("ferry.example.com:444"));
    EXPECT_TRUE(guard.host_allowed("ferry.lan:1234"));
    EXPECT_FALSE(guard.host_allowed("evil.example"));
    EXPECT_TRUE(guard.origin_allowed("https://ferry.example.com"));
    EXPECT_FALSE(guard.origin_allowed("http://ferry.example.com")) << "the public URL's scheme only";
    EXPECT_FALSE(guard.origin_allowed("https://ferry.example.com:8443"));
    EXPECT_TRUE(guard.origin_allowed("http://ferry.lan:8090"));
    EXPECT_FALSE(guard.origin_allowed("https://evil.example"));
    const auto refusal = guard.check("GET", "10.0.0.7:8090", std::nullopt);
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("is not in the allowed names"), std::string::npos) << *refusal;
    EXPECT_NE(refusal->find("--allow-host"), std::string::npos);
    EXPECT_NE(refusal->find("--public-url"), std::string::npos);
}

TEST(RequestGuard, LocalOriginsUseTheServersScheme) {
    const RequestGuard tls("127.0.0.1", 8443, {}, {}, true);
    EXPECT_TRUE(tls.origin_allowed("https://127.0.0.1:8443"));
    EXPECT_FALSE(tls.origin_allowed("http://127.0.0.1:8443"));
}

TEST(PublicUrl, ParsesAndRefuses) {
    const auto url = PublicUrl::parse("http://Ferry.LAN:8090/app/");
    EXPECT_EQ(url.host, "ferry.lan");
    EXPECT_EQ(url.port, 8090);
    EXPECT_EQ(url.text, "http://Ferry.LAN:8090/app");
    EXPECT_EQ(url.origin(), "http://ferry.lan:8090");
    EXPECT_EQ(PublicUrl::parse("https://x.example").origin(), "https://x.example");
    for (const auto* bad : {"ferry.example.com", "ftp://x", "https://", "https://x?y", "https://x:99999"}) {
        EXPECT_THROW(PublicUrl::parse(bad), Error) << bad;
    }
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
