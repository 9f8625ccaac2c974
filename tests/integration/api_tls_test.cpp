/// `ferry serve --tls-cert --tls-key`: the API over https with a certificate from a CA made here by the
/// openssl CLI, checked by libcurl against that CA: sign-in (Secure cookie), streaming upload and download,
/// an import and its server-sent progress events, against the real ClickHouse.

#include <boost/json.hpp>

#include <filesystem>

#include "api_support.h"
#include "common/error.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr std::string_view kToken = "feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface";

/// A CA and a server certificate for 127.0.0.1 and localhost, signed by it: scripts/test-ca.sh, the one
/// maker of test certificates (the JWT gateway and the nginx proxy use it too).
void make_certificates(const fs::path& dir) {
    const auto result = run_command(shell_quote(std::string(FERRY_SOURCE_DIR) + "/scripts/test-ca.sh") + " " +
                                    shell_quote(dir.string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
}

class ApiTls : public ApiTest {
protected:
    void configure(server::ServerOptions& options) override {
        const auto dir = scratch("tls");
        if (!fs::exists(dir / "server.pem")) {
            fs::create_directories(dir);
            make_certificates(dir);
        }
        options.tls_cert = dir / "server.pem";
        options.tls_key = dir / "server.key";
        options.auth = "token";
        options.token = std::string(kToken);
        options.clickhouse_allow = {connection().host + ":" + std::to_string(connection().port)};
    }

    std::string ca() const { return (scratch("tls") / "ca.pem").string(); }

    HttpResult tls_call(const std::string& method, const std::string& path, const std::string& body,
                        std::vector<std::string> headers) {
        if (!cookie_.empty()) {
            headers.push_back("Cookie: " + cookie_);
        }
        HttpCall call{method, path, body, std::move(headers)};
        call.ca_file = ca();
        return http(server_->url(), call);
    }

    void sign_in() {
        const auto result = tls_call("POST", "/api/session", R"({"token": ")" + std::string(kToken) + "\"}",
                                     {"Content-Type: application/json"});
        ASSERT_EQ(result.status, 200) << result.body << result.error;
        const auto set_cookie = result.headers.at("set-cookie");
        EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
        cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    }

    std::string cookie_;
};

TEST_F(ApiTls, ServesHttpsWithTheGivenCertificate) {
    EXPECT_TRUE(server_->url().starts_with("https://127.0.0.1:")) << server_->url();
    sign_in();
    const auto session = tls_call("GET", "/api/session", "", {});
    EXPECT_EQ(session.status, 200) << session.body << session.error;

    // Without the CA the certificate is not trusted; plain http to the port gets no HTTP answer.
    HttpCall untrusted{"GET", "/api/session", "", {}};
    const auto refused = http(server_->url(), untrusted);
    EXPECT_EQ(refused.status, 0);
    EXPECT_FALSE(refused.error.empty());
    const auto plain = http("http://127.0.0.1:" + std::to_string(server_->port()), untrusted);
    EXPECT_NE(plain.status, 200) << plain.body;
}

TEST_F(ApiTls, StreamsUploadsDownloadsAndProgressEvents) {
    sign_in();
    std::string csv = "id,name\n";
    for (int i = 1; i <= 100000; ++i) {
        csv += std::to_string(i) + ",name-" + std::to_string(i) + "\n";
    }
    const auto upload = tls_call("POST", "/api/files?name=big.csv", csv, {});
    ASSERT_EQ(upload.status, 201) << upload.body << upload.error;
    EXPECT_EQ(read_file(data_dir_ / "big.csv"), csv);
    const auto download = tls_call("GET", "/api/files/big.csv", "", {});
    ASSERT_EQ(download.status, 200) << download.error;
    EXPECT_EQ(download.body.size(), csv.size());
    EXPECT_TRUE(download.body == csv);

    query("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    const auto created =
        tls_call("POST", "/api/jobs",
                 R"({"source": {"kind": "file", "path": "big.csv"}, "target": {"kind": "clickhouse",
                     "connection": )" +
                     connection_json() + R"(, "table": "t"}})",
                 {"Content-Type: application/json"});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id(json::parse(created.body).at("id").as_string());
    // The event stream ends with the job: its last event says done, with the final counts.
    const auto events = tls_call("GET", "/api/jobs/" + id + "/events", "", {});
    ASSERT_EQ(events.status, 200) << events.error;
    EXPECT_EQ(events.headers.at("content-type"), "text/event-stream");
    const auto done = events.body.rfind("event: done\ndata: ");
    ASSERT_NE(done, std::string::npos) << events.body;
    const auto data = events.body.substr(done + 18, events.body.find('\n', done + 18) - done - 18);
    EXPECT_EQ(json::parse(data).at("status"), "completed") << data;
    EXPECT_EQ(query("SELECT count(), sum(id) FROM t"), "100000\t5000050000\n");
}

TEST_F(ApiTls, RefusesAKeyThatIsNotTheCertificates) {
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.data_dir = data_dir_;
    options.tls_cert = scratch("tls") / "server.pem";
    options.tls_key = scratch("tls") / "ca.key";
    server::Server server(options);
    try {
        server.start();
        FAIL() << "started with the wrong key";
    } catch (const ferry::Error& error) {
        EXPECT_EQ(error.kind(), ferry::ErrorKind::Usage);
        EXPECT_NE(std::string(error.what()).find("--tls-key"), std::string::npos) << error.what();
    }
}

} // namespace
} // namespace ferry::test
