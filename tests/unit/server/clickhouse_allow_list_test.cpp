#include "server/clickhouse_allow_list.h"

#include <gtest/gtest.h>

#include "server/http_message.h"

namespace ferry::server {
namespace {

TEST(ClickHouseAllowList, AllowsOnlyTheListedHostsAndPorts) {
    const ClickHouseAllowList list({"db.internal:8123", "CH.Example.com", "[::1]:8443", "10.0.0.5:9000"});
    EXPECT_TRUE(list.allows("db.internal", 8123));
    EXPECT_FALSE(list.allows("db.internal", 8124));
    EXPECT_TRUE(list.allows("ch.example.com", 1)) << "no port: any port of that host";
    EXPECT_TRUE(list.allows("ch.example.com.", 8443)) << "a trailing dot names the same host";
    EXPECT_TRUE(list.allows("::1", 8443));
    EXPECT_TRUE(list.allows("[::1]", 8443));
    EXPECT_FALSE(list.allows("127.0.0.1", 8443)) << "names are compared as written, never resolved";
    EXPECT_FALSE(list.allows("10.0.0.50", 9000));
    EXPECT_FALSE(list.allows("db.internal.evil.example", 8123));
}

TEST(ClickHouseAllowList, EmptyAllowsNothingAndEverythingAllowsAll) {
    EXPECT_FALSE(ClickHouseAllowList(std::vector<std::string>{}).allows("localhost", 8123));
    EXPECT_TRUE(ClickHouseAllowList::everything().allows("anything", 1));
}

TEST(ClickHouseAllowList, RefusesWithTheHostAndTheFlag) {
    clickhouse::Connection connection;
    connection.host = "10.1.2.3";
    connection.port = 8123;
    connection.password = "s3cret";
    try {
        ClickHouseAllowList({"db:8123"}).check(connection);
        FAIL();
    } catch (const HttpError& error) {
        EXPECT_EQ(error.status(), 403u);
        EXPECT_EQ(error.kind(), ErrorKind::Forbidden);
        const std::string message = error.what();
        EXPECT_NE(
            message.find("host 10.1.2.3:8123 is not in the allowed ClickHouse hosts (--clickhouse-allow)"),
            std::string::npos)
            << message;
        EXPECT_EQ(message.find("s3cret"), std::string::npos);
    }
}

TEST(ClickHouseAllowList, RejectsMalformedEntries) {
    for (const auto* bad : {"", ":8123", "db:", "db:0", "db:70000", "db:http", "::1", "[::1", "[::1]x"}) {
        EXPECT_THROW(ClickHouseAllowList({bad}), Error) << bad;
    }
}

} // namespace
} // namespace ferry::server
