#pragma once
/// API tests: a Ferry server started in-process on a free port, serving a per-test data directory and a
/// tiny web directory, against the test ClickHouse server; and a small libcurl client.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/server.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {

struct HttpResult {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string error;                          ///< libcurl's, when the exchange failed
};

struct HttpCall {
    std::string method = "GET";
    std::string path; ///< "/api/files", sent as is (no normalisation of "..")
    std::string body;
    std::vector<std::string> headers; ///< "Name: value"
    long timeout_seconds = 120;
    std::string source_address{}; ///< a local address to send from ("127.0.0.3"), for per-address limits
    std::string ca_file{};        ///< CA bundle for an https server
};

HttpResult http(const std::string& base_url, const HttpCall& call);

class ApiTest : public ClickHouseTest {
protected:
    void SetUp() override;
    void TearDown() override;
    /// (Re)starts the in-process Ferry server on a free port over data_dir_ and web_dir_.
    void start_server();
    /// Changes the server's options before start_server() uses them (shared-mode tests).
    virtual void configure(server::ServerOptions&) {}

    HttpResult get(const std::string& path, std::vector<std::string> headers = {});
    HttpResult post(const std::string& path, const std::string& body, std::vector<std::string> headers = {});
    HttpResult del(const std::string& path);
    HttpResult call(HttpCall call);

    /// The connection object of this test's database, as the API takes it.
    std::string connection_json(const std::string& user = "default", const std::string& password = "") const;
    /// Polls GET /api/jobs/{id} until the job has finished; returns the last body.
    std::string wait_for_job(const std::string& id);

    std::string host_header() const { return "Host: 127.0.0.1:" + std::to_string(server_->port()); }

    std::filesystem::path data_dir_;
    std::filesystem::path web_dir_;
    std::unique_ptr<server::Server> server_;
};

} // namespace ferry::test
