#include "clickhouse/jwt.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

// {"alg":"HS256","typ":"JWT"} .
// {"sub":"analyst","iss":"https://auth.example.com","exp":1900000000,"iat":1800000000}
constexpr const char* kToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiJhbmFseXN0IiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmV4YW1wbGUuY29tIiwiZXhwIjoxOTAw"
    "MDAwMDAwLCJpYXQiOjE4MDAwMDAwMDB9.c2lnbmF0dXJl";

std::chrono::system_clock::time_point at(std::int64_t seconds) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

TEST(Jwt, DecodesSubjectIssuerAndExpiry) {
    const auto claims = decode_jwt(kToken);
    EXPECT_EQ(claims.subject, "analyst");
    EXPECT_EQ(claims.issuer, "https://auth.example.com");
    ASSERT_TRUE(claims.expires);
    EXPECT_EQ(*claims.expires, 1900000000);
    EXPECT_EQ(format_utc(*claims.expires), "2030-03-17 17:46:40 UTC");
}

TEST(Jwt, ValidBeforeExpiry) {
    EXPECT_EQ(check_jwt(kToken, at(1899999999)).subject, "analyst");
}

TEST(Jwt, ExpiredTokenSaysWhen) {
    try {
        check_jwt(kToken, at(1900000000 + 600));
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Auth);
        EXPECT_STREQ(
            error.what(),
            "the JWT for 'analyst' expired at 2030-03-17 17:46:40 UTC (10 minutes ago); get a new token");
    }
}

TEST(Jwt, MalformedTokensAreRefusedWithoutEchoingThem) {
    for (const char* token : {"", "abc", "a.b", "a.b.c.d", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x",
                              "eyJhbGciOiJIUzI1NiJ9.e30!.x"}) {
        try {
            decode_jwt(token);
            FAIL() << "accepted " << token;
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Auth);
            EXPECT_EQ(std::string(error.what()).rfind("malformed JWT: ", 0), 0u) << error.what();
            if (std::string(token).size() > 4) {
                EXPECT_EQ(std::string(error.what()).find(token), std::string::npos);
            }
        }
    }
}

} // namespace
} // namespace ferry::clickhouse
