#include "server/router.h"

#include <gtest/gtest.h>

#include "server/url.h"

namespace ferry::server {
namespace {

Response ok(Request&) {
    return Response::json(200, "{}");
}

TEST(Url, DecodesPercentEscapes) {
    EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
    EXPECT_EQ(percent_decode("%2e%2E/x"), "../x");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_THROW(percent_decode("%zz"), HttpError);
    EXPECT_THROW(percent_decode("abc%2"), HttpError);
    EXPECT_THROW(percent_decode("a%00b"), HttpError);
}

TEST(Url, ParsesQueries) {
    const auto pairs = parse_query("name=a%20b.csv&x&y=1+2");
    ASSERT_EQ(pairs.size(), 3u);
    EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"name", "a b.csv"}));
    EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"x", ""}));
    EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"y", "1 2"}));
    EXPECT_EQ(percent_encode("a b/ü.csv"), "a%20b%2F%C3%BC.csv");
}

TEST(Router, MatchesLiteralAndParameterSegments) {
    Router router;
    router.add("GET", "/api/jobs", ok);
    router.add("GET", "/api/jobs/{id}", ok);
    router.add("DELETE", "/api/jobs/{id}", ok);
    router.add("GET", "/api/jobs/{id}/events", ok);

    auto match = router.match("GET", "/api/jobs/abc");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/jobs/{id}");
    EXPECT_EQ(match.params.at("id"), "abc");

    match = router.match("GET", "/api/jobs/abc/events");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/jobs/{id}/events");

    match = router.match("DELETE", "/api/jobs/abc");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->method, "DELETE");

    EXPECT_EQ(router.match("GET", "/api/jobs/").route, nullptr);
    EXPECT_EQ(router.match("GET", "/api/nothing").route, nullptr);
    EXPECT_TRUE(router.match("GET", "/api/nothing").allowed.empty());
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
    Router router;
    router.add("GET", "/api/jobs/{id}", ok);
    router.add("DELETE", "/api/jobs/{id}", ok);
    const auto match = router.match("PUT", "/api/jobs/x");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "DELETE"}));
}

TEST(Router, RestParameterTakesTheDecodedRemainder) {
    Router router;
    router.add("GET", "/api/files/{name*}", ok);
    auto match = router.match("GET", "/api/files/sub/a%20b.csv");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("name"), "sub/a b.csv");
    match = router.match("GET", "/api/files/%2e%2e/secret");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("name"), "../secret");
    match = router.match("GET", "/api/files/..%2Fsecret");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("name"), "../secret");
    EXPECT_EQ(router.match("GET", "/api/files").route, nullptr);
}

TEST(HttpMessage, FormatsServerSentEvents) {
    EXPECT_EQ(format_event("progress", "{\"a\":1}"), "event: progress\ndata: {\"a\":1}\n\n");
    EXPECT_EQ(format_event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
}

TEST(HttpMessage, MapsErrorKindsToStatuses) {
    EXPECT_EQ(status_for(ErrorKind::Usage), 400u);
    EXPECT_EQ(status_for(ErrorKind::Auth), 401u);
    EXPECT_EQ(status_for(ErrorKind::Connection), 502u);
    EXPECT_EQ(status_for(ErrorKind::Query), 422u);
    EXPECT_EQ(status_for(ErrorKind::Data), 422u);
    EXPECT_EQ(status_for(ErrorKind::Cancelled), 409u);
    EXPECT_EQ(status_for(ErrorKind::Internal), 500u);
    const auto response = Response::from_exception(HttpError(403, ErrorKind::File, "no \"way\""));
    EXPECT_EQ(response.status, 403u);
    EXPECT_EQ(response.body, R"({"error":{"kind":"file","message":"no \"way\""}})");
}

} // namespace
} // namespace ferry::server
