#pragma once
/// Integration-test support: one private clickhouse-server per test binary (started by
/// scripts/clickhouse-server.sh on a free loopback port, in a temporary directory, stopped at exit), and a
/// fixture giving every test its own database and scratch directory.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "clickhouse/connection.h"
#include "clickhouse/http_client.h"

namespace ferry::test {

/// The shared server. Registered by tests/integration/main.cpp as a gtest Environment.
class ClickHouseServer : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;

    static std::uint16_t http_port();
    static const std::filesystem::path& directory();
    /// Stops and restarts the server on the same port and data (for fault tests).
    static void stop();
    static void start();
};

/// A second private server for one test suite, with settings the shared one does not have (e.g. its own
/// time zone): started by start(), stopped and removed by stop() or the destructor.
class PrivateClickHouseServer {
public:
    PrivateClickHouseServer() = default;
    ~PrivateClickHouseServer() { stop(); }
    PrivateClickHouseServer(const PrivateClickHouseServer&) = delete;
    PrivateClickHouseServer& operator=(const PrivateClickHouseServer&) = delete;

    /// `environment` prefixes scripts/clickhouse-server.sh, e.g. "CLICKHOUSE_TIMEZONE=America/New_York".
    void start(const std::string& environment);
    void stop();
    std::uint16_t http_port() const { return port_; }

private:
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
};

struct CommandResult {
    int exit_code = 0;
    std::string out;
    std::string err;
};

/// Runs a command through /bin/sh with stdin from /dev/null, capturing stdout and stderr.
CommandResult run_command(const std::string& command);
/// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& text);

class ClickHouseTest : public ::testing::Test {
protected:
    /// The server this test runs against: the shared one, unless a suite has its own.
    virtual std::uint16_t server_port() const { return ClickHouseServer::http_port(); }

    void SetUp() override;
    void TearDown() override;

    /// Connection to the test server with this test's database selected.
    clickhouse::Connection connection() const;
    /// Runs SQL on the test server (in this test's database) and returns the body.
    std::string query(const std::string& sql);
    /// Runs build/ferry with the connection flags for this test's database plus `args` (already quoted).
    CommandResult ferry(const std::string& args);
    /// A file path inside this test's scratch directory.
    std::filesystem::path scratch(const std::string& name) const;
    void write_file(const std::filesystem::path& path, const std::string& content);
    std::string read_file(const std::filesystem::path& path);

    std::string database_;
    std::filesystem::path scratch_dir_;
    std::unique_ptr<clickhouse::HttpClient> client_;
};

} // namespace ferry::test
