#include "clickhouse/connection_advice.h"

#include <gtest/gtest.h>

namespace ferry::clickhouse {
namespace {

Connection at(std::uint16_t port, bool secure = false) {
    Connection connection;
    connection.host = "db.example";
    connection.port = port;
    connection.secure = secure;
    connection.database = "shop";
    return connection;
}

TEST(ConnectionAdvice, HttpsAgainstAPlainHttpPort) {
    const auto advice = advise_tls_failure(
        at(8123, true), "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number");
    ASSERT_TRUE(advice);
    EXPECT_EQ(advice->kind, ErrorKind::Tls);
    EXPECT_EQ(advice->message, "the server at db.example:8123 answered plain HTTP, not HTTPS; turn off HTTPS or "
                               "use the HTTPS port (usually 8443)");
    EXPECT_FALSE(advise_tls_failure(at(8443, true), "SSL certificate problem: unable to get local issuer"));
}

TEST(ConnectionAdvice, NoHandshakeFromAPlainHttpPort) {
    const auto advice = advise_tls_timeout(at(8123, true), 10);
    EXPECT_EQ(advice.kind, ErrorKind::Tls);
    EXPECT_EQ(advice.message, "the server at db.example:8123 did not start HTTPS within 10 s; it is probably a "
                              "plain HTTP port: turn off HTTPS or use the HTTPS port (usually 8443)");
}

TEST(ConnectionAdvice, HttpsAgainstTheNativePort) {
    const auto advice = advise_tls_failure(at(9000, true), "error:0A00010B:SSL routines::wrong version number");
    ASSERT_TRUE(advice);
    EXPECT_EQ(advice->kind, ErrorKind::Connection);
    EXPECT_EQ(advice->message, "port 9000 is ClickHouse's native port (for clickhouse-client); the HTTP "
                               "interface is usually 8123 (8443 with HTTPS)");
}

TEST(ConnectionAdvice, HttpAgainstTheNativePort) {
    const auto advice = advise_http_answer(
        at(9000), 400, "Port 9000 is for clickhouse-client program.\r\nYou must use port 8123 for HTTP.\r\n");
    ASSERT_TRUE(advice);
    EXPECT_EQ(advice->kind, ErrorKind::Connection);
    EXPECT_EQ(advice->message, "port 9000 is ClickHouse's native port (for clickhouse-client); the HTTP "
                               "interface is usually 8123 (8443 with HTTPS); this server's HTTP port is 8123");
    EXPECT_EQ(advice->message.find('\\'), std::string::npos);
    EXPECT_FALSE(advise_http_answer(at(8123), 400, "Bad request"));
    EXPECT_FALSE(advise_http_answer(at(8123), 404, "Port 9000 is for clickhouse-client program."));
}

TEST(ConnectionAdvice, UnknownDatabase) {
    const auto old_server = advise_server_error(at(8123), 81, "Database shop doesn't exist");
    ASSERT_TRUE(old_server);
    EXPECT_EQ(old_server->kind, ErrorKind::Connection);
    EXPECT_EQ(old_server->message, "database 'shop' does not exist at db.example:8123; check the database name");
    const auto new_server = advise_server_error(at(8123), 81, "Database shop does not exist");
    ASSERT_TRUE(new_server);
    EXPECT_EQ(new_server->message, old_server->message);
    EXPECT_FALSE(advise_server_error(at(8123), 60, "Table shop.t doesn't exist"));
}

TEST(ConnectionAdvice, OneLine) {
    EXPECT_EQ(one_line("Port 9000 is for clickhouse-client program.\r\nYou must use port 8123.\r\n"),
              "Port 9000 is for clickhouse-client program. You must use port 8123.");
    EXPECT_EQ(one_line("  a\t\tb  "), "a b");
    EXPECT_EQ(one_line(""), "");
}

} // namespace
} // namespace ferry::clickhouse
