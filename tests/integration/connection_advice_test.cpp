/// Wrong connection settings against a real server read as advice: HTTPS against the HTTP port, the
/// native protocol port, a database that does not exist. Through the client and through the API.

#include <boost/json.hpp>

#include <fstream>

#include "api_support.h"
#include "common/error.h"

namespace ferry::test {
namespace {

std::uint16_t native_port() {
    std::ifstream in(ClickHouseServer::directory() / "tcp_port");
    int port = 0;
    in >> port;
    return static_cast<std::uint16_t>(port);
}

Error error_of(const clickhouse::Connection& connection) {
    try {
        clickhouse::HttpClient client(connection);
        client.query("SELECT 1");
    } catch (const Error& error) {
        return error;
    }
    ADD_FAILURE() << "no error";
    return Error(ErrorKind::Internal, "");
}

class ConnectionAdvice : public ApiTest {
protected:
    /// The API's answer to listing tables with these connection fields.
    std::pair<long, boost::json::object> tables_with(const std::string& connection) {
        const auto result = post("/api/clickhouse/tables", R"({"connection": )" + connection + "}");
        return {result.status, boost::json::parse(result.body).as_object().at("error").as_object()};
    }
};

TEST_F(ConnectionAdvice, HttpsAgainstTheHttpPort) {
    auto connection = this->connection();
    connection.secure = true;
    const auto error = error_of(connection);
    EXPECT_EQ(error.kind(), ErrorKind::Tls);
    // Whether the server answers the TLS hello as a bad HTTP request at once ("wrong version number") or
    // waits for a line end it never gets (a handshake timeout) depends on the hello's random bytes.
    const std::string message = error.what();
    EXPECT_TRUE(message.starts_with("the server at " + connection.endpoint())) << message;
    EXPECT_NE(message.find("turn off HTTPS or use the HTTPS port (usually 8443)"), std::string::npos) << message;

    const auto [status, body] = tables_with(R"({"host": "127.0.0.1", "secure": true, "port": )" +
                                            std::to_string(connection.port) + "}");
    EXPECT_EQ(status, 502);
    EXPECT_EQ(body.at("kind"), "tls");
    EXPECT_EQ(std::string(body.at("message").as_string()).find("wrong version number"), std::string::npos);
}

TEST_F(ConnectionAdvice, TheNativePort) {
    auto connection = this->connection();
    connection.port = native_port();
    const auto error = error_of(connection);
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
    EXPECT_EQ(std::string(error.what()),
              "port " + std::to_string(connection.port) +
                  " is ClickHouse's native port (for clickhouse-client); the HTTP interface is usually 8123 "
                  "(8443 with HTTPS); this server's HTTP port is " +
                  std::to_string(ClickHouseServer::http_port()));

    const auto [status, body] =
        tables_with(R"({"host": "127.0.0.1", "port": )" + std::to_string(native_port()) + "}");
    EXPECT_EQ(status, 502);
    EXPECT_EQ(body.at("kind"), "connection");
    const std::string message(body.at("message").as_string());
    EXPECT_EQ(message.find("\\r"), std::string::npos) << message;
    EXPECT_EQ(message.find('\r'), std::string::npos) << message;
    EXPECT_NE(message.find("native port"), std::string::npos) << message;
}

TEST_F(ConnectionAdvice, ADatabaseThatDoesNotExist) {
    auto connection = this->connection();
    connection.database = "no_such_db_12a";
    const auto error = error_of(connection);
    EXPECT_EQ(error.kind(), ErrorKind::Connection);
    EXPECT_EQ(std::string(error.what()), "database 'no_such_db_12a' does not exist at " + connection.endpoint() +
                                             "; check the database name");

    const auto [status, body] = tables_with(R"({"host": "127.0.0.1", "database": "no_such_db_12a", "port": )" +
                                            std::to_string(connection.port) + "}");
    EXPECT_EQ(body.at("kind"), "connection");
    EXPECT_EQ(std::string(body.at("message").as_string()).find("ClickHouse error"), std::string::npos);
    EXPECT_NE(std::string(body.at("message").as_string()).find("database 'no_such_db_12a' does not exist"),
              std::string::npos);
    EXPECT_EQ(status, 502);
}

} // namespace
} // namespace ferry::test
