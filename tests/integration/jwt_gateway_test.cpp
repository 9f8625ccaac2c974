/// Ferry with JWT authentication and TLS, through the gateway of scripts/jwt-gateway.sh (nginx + njs) in
/// front of the test server: the way ClickHouse Cloud, or a self-hosted server behind such a gateway, takes
/// `Authorization: Bearer` tokens. Every subcommand works with a valid token, over HTTP and HTTPS with a
/// private CA; each bad token or certificate fails with its own clear message, exit code 1 and no secret
/// in the output.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/server.h"
#include "support/clickhouse_fixture.h"
#include "support/jwt.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "gateway-shared-secret: s3cr3t!";

std::string gateway_script() {
    return std::string(FERRY_SOURCE_DIR) + "/scripts/jwt-gateway.sh";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// One gateway process (HTTP or HTTPS) in its own directory.
struct Gateway {
    fs::path dir;
    std::uint16_t port = 0;
    std::string error; ///< why it did not start

    void start(const std::string& name, bool tls) {
        dir = fs::temp_directory_path() / ("ferry_" + name + "_" + std::to_string(getpid()));
        const auto result = run_command(gateway_script() + " start " + shell_quote(dir.string()) + " " +
                                        std::to_string(ClickHouseServer::http_port()) + " " +
                                        shell_quote(kSecret) + (tls ? " --tls" : ""));
        if (result.exit_code != 0) {
            error = "cannot start the " + name + ": " + result.err;
            return;
        }
        port = static_cast<std::uint16_t>(std::stoi(result.out));
    }

    void stop() {
        if (!dir.empty()) {
            run_command(gateway_script() + " stop " + shell_quote(dir.string()));
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    }
};

class JwtGatewayTest : public ClickHouseTest {
protected:
    static void SetUpTestSuite() {
        if (run_command("command -v nginx || test -x /usr/sbin/nginx").exit_code != 0) {
            skip_reason_ = "nginx is not installed";
            return;
        }
        plain_.start("jwt_gateway", false);
        tls_.start("jwt_gateway_tls", true);
    }

    static void TearDownTestSuite() {
        plain_.stop();
        tls_.stop();
    }

    void SetUp() override {
        if (skip_reason_) {
            GTEST_SKIP() << *skip_reason_;
        }
        ASSERT_EQ(plain_.error, "");
        ASSERT_EQ(tls_.error, "");
        ClickHouseTest::SetUp();
    }

    void TearDown() override {
        if (client_) { // not when SetUp stopped before making the database
            ClickHouseTest::TearDown();
        }
    }

    /// Runs ferry against a gateway port of this test's database with `flags` (auth, TLS) and `args`.
    CommandResult ferry_at(std::uint16_t port, const std::string& flags, const std::string& args) {
        return run_command(std::string(FERRY_BINARY) + " --host 127.0.0.1 --port " + std::to_string(port) +
                           " --database " + database_ + " " + flags + " " + args);
    }

    /// Through the HTTP gateway with `token`.
    CommandResult ferry_jwt(const std::string& token, const std::string& args) {
        return ferry_at(plain_.port, "--jwt " + shell_quote(token), args);
    }

    /// Through the HTTPS gateway with `token` and the extra TLS `flags`.
    CommandResult ferry_tls(const std::string& token, const std::string& flags, const std::string& args) {
        return ferry_at(tls_.port, "--secure --jwt " + shell_quote(token) + " " + flags, args);
    }

    static std::string valid_token() { return make_jwt_for("default", kSecret); }

    /// Sends a query to the HTTP gateway with curl and returns "<HTTP status> <body>".
    static std::string curl_gateway(const std::optional<std::string>& token) {
        const std::string auth = token ? "-H " + shell_quote("Authorization: Bearer " + *token) + " " : "";
        const auto result = run_command("curl -s -w ' %{http_code}' " + auth + "--data-binary 'SELECT 1' " +
                                        "http://127.0.0.1:" + std::to_string(plain_.port) + "/");
        return result.out;
    }

    static std::uint64_t access_log_size(const Gateway& gateway) {
        std::error_code ec;
        const auto size = fs::file_size(gateway.dir / "access.log", ec);
        return ec ? 0 : size;
    }

    /// What the gateway logged since its access log had `offset` bytes: one line per request, including
    /// connections that sent no valid HTTP (a TLS handshake to the plain port is logged as a 400 of binary).
    std::string access_log_since(const Gateway& gateway, std::uint64_t offset) {
        return read_file(gateway.dir / "access.log").substr(offset);
    }

    void make_people_table() {
        query("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        query("INSERT INTO people VALUES (1, 'Ada'), (2, 'Grace, \"Amazing\"'), (3, 'Edsger')");
    }

    /// The secrets of a test must never reach the terminal.
    static void expect_no_secrets(const CommandResult& result, const std::string& token) {
        EXPECT_FALSE(contains(result.err, token)) << result.err;
        EXPECT_FALSE(contains(result.out, token)) << result.out;
        EXPECT_FALSE(contains(result.err, kSecret)) << result.err;
        // The signature alone is as secret as the token.
        EXPECT_FALSE(contains(result.err, token.substr(token.rfind('.') + 1))) << result.err;
    }

    static inline Gateway plain_;
    static inline Gateway tls_;
    static inline std::optional<std::string> skip_reason_;
};

TEST_F(JwtGatewayTest, TablesColumnsAndPreviewWithAValidToken) {
    make_people_table();
    const std::string token = valid_token();

    auto result = ferry_jwt(token, "tables");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "people")) << result.out;
    EXPECT_TRUE(contains(result.out, "MergeTree")) << result.out;
    // The decoded claims are shown on stderr before connecting.
    EXPECT_TRUE(contains(result.err, "ferry: JWT for 'default'")) << result.err;
    EXPECT_TRUE(contains(result.err, ", expires 20")) << result.err;

    result = ferry_jwt(token, "columns --table people");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "id")) << result.out;
    EXPECT_TRUE(contains(result.out, "UInt32")) << result.out;
    EXPECT_TRUE(contains(result.out, "String")) << result.out;

    result = ferry_jwt(token, "preview --json --table people");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "Ada")) << result.out;
    EXPECT_TRUE(contains(result.out, "Edsger")) << result.out;
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, TokenFromTheEnvironment) {
    make_people_table();
    const std::string token = valid_token();
    const auto result = run_command("CLICKHOUSE_JWT=" + shell_quote(token) + " " + std::string(FERRY_BINARY) +
                                    " --host 127.0.0.1 --port " + std::to_string(plain_.port) +
                                    " --database " + database_ + " tables");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "people")) << result.out;
}

TEST_F(JwtGatewayTest, ImportAndExportStreamThroughTheGateway) {
    const std::string token = valid_token();
    // Large enough that both bodies stream in many chunks through nginx.
    constexpr int kRows = 200000;
    std::string csv = "id,name,score\n";
    for (int i = 1; i <= kRows; ++i) {
        csv += std::to_string(i) + ",name " + std::to_string(i) +
               (i % 7 == 0 ? ",\"a, b\"\n" : "," + std::to_string(i % 100) + ".5\n");
    }
    write_file(scratch("big.csv"), csv);

    auto result =
        ferry_jwt(token, "import --json --create --table big --file " + scratch("big.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "\"rows\": " + std::to_string(kRows))) << result.out;
    EXPECT_EQ(
        query("SELECT count(), sum(toUInt64(id)), countIf(score = 'a, b') FROM big FORMAT TabSeparated"),
        std::to_string(kRows) + "\t" + std::to_string(std::uint64_t{kRows} * (kRows + 1) / 2) + "\t" +
            std::to_string(kRows / 7) + "\n");

    make_people_table();
    result = ferry_jwt(token, "export --table people --file " + scratch("people.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(read_file(scratch("people.csv")), "id,name\n1,Ada\n2,\"Grace, \"\"Amazing\"\"\"\n3,Edsger\n");

    result =
        ferry_jwt(token, "export --table big --columns id,score --file " + scratch("big_out.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string exported = read_file(scratch("big_out.csv"));
    std::size_t lines = 0;
    for (const char c : exported) {
        lines += c == '\n' ? 1 : 0;
    }
    EXPECT_EQ(lines, std::size_t{kRows} + 1);
    EXPECT_TRUE(contains(exported, "\n14,\"a, b\"\n")) << exported.substr(0, 200);
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, ExpiredTokenIsRefusedBeforeAnyRequest) {
    const std::string token = make_jwt_for("default", kSecret, -std::chrono::minutes(12));
    const auto log_before = access_log_size(plain_);
    const auto result = ferry_jwt(token, "tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(result.err, "expired at")) << result.err;
    EXPECT_TRUE(contains(result.err, "default")) << result.err; // whose token
    EXPECT_EQ(access_log_since(plain_, log_before), "") << "a request was sent with an expired token";
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, MalformedTokenIsRefusedBeforeAnyRequest) {
    for (const std::string token : {"not-a-jwt", "abc.def.ghi", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"}) {
        const auto log_before = access_log_size(plain_);
        const auto result = ferry_jwt(token, "tables");
        EXPECT_EQ(result.exit_code, 1) << token;
        EXPECT_TRUE(contains(result.err, "malformed JWT")) << result.err;
        EXPECT_EQ(access_log_since(plain_, log_before), "") << "a request was sent with a malformed token";
        EXPECT_FALSE(contains(result.err, token)) << result.err;
    }
}

TEST_F(JwtGatewayTest, ForgedSignatureIsAnAuthenticationError) {
    const std::string token = make_jwt_for("default", "not the gateway's secret");
    const auto result = ferry_jwt(token, "tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(result.err, "authentication")) << result.err;
    EXPECT_TRUE(contains(result.err, "invalid token signature")) << result.err;
    EXPECT_TRUE(contains(result.err, "127.0.0.1:" + std::to_string(plain_.port))) << result.err;
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, MissingTokenIsAnAuthenticationError) {
    const auto result = ferry_at(plain_.port, "", "tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(result.err, "authentication")) << result.err;
    EXPECT_TRUE(contains(result.err, "missing bearer token")) << result.err;
}

TEST_F(JwtGatewayTest, TokenForAUserWithAPasswordIsRefusedByClickHouse) {
    // The gateway forwards `sub` without a key; the server then asks for ferry's password.
    const std::string token = make_jwt_for("ferry", kSecret);
    const auto result = ferry_jwt(token, "tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(result.err, "authentication")) << result.err;
    EXPECT_TRUE(contains(result.err, "ferry")) << result.err;
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, PasswordIsNeverSentWithAToken) {
    // The gateway refuses a request that carries both ("password not accepted with a bearer token").
    make_people_table();
    const std::string token = valid_token();
    const auto result = ferry_jwt(token, "--password hunter2-secret tables");
    EXPECT_FALSE(contains(result.err, "password not accepted")) << result.err;
    EXPECT_FALSE(contains(result.err, "hunter2-secret")) << result.err;
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, GatewayChecksSignatureExpiryAndClaimsItself) {
    // Straight to the gateway with curl, since Ferry refuses expired and malformed tokens before sending.
    const std::int64_t now = unix_now();
    EXPECT_EQ(curl_gateway(valid_token()), "1\n 200");
    EXPECT_EQ(curl_gateway(std::nullopt), "missing bearer token\n 401");
    EXPECT_EQ(curl_gateway(make_jwt_for("default", kSecret, -std::chrono::seconds(5))),
              "token expired\n 401");
    EXPECT_EQ(curl_gateway(make_jwt_for("default", "wrong")), "invalid token signature\n 401");
    EXPECT_EQ(curl_gateway("abc.def"), "malformed token\n 401");
    EXPECT_EQ(curl_gateway(make_jwt(R"({"sub":"default","nbf":)" + std::to_string(now + 600) + "}", kSecret)),
              "token not yet valid\n 401");
    EXPECT_EQ(curl_gateway(make_jwt(R"({"sub":"default"})", kSecret, R"({"alg":"none"})")),
              "unsupported token algorithm (expected HS256)\n 401");
    EXPECT_EQ(curl_gateway(make_jwt(R"({"exp":)" + std::to_string(now + 600) + "}", kSecret)),
              "malformed token: sub must name a ClickHouse user\n 401");
}

TEST_F(JwtGatewayTest, HttpsWithThePrivateCa) {
    make_people_table();
    const std::string token = valid_token();
    const std::string ca = "--ca-cert " + shell_quote((tls_.dir / "ca.pem").string());
    auto result = ferry_tls(token, ca, "tables");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "people")) << result.out;

    write_file(scratch("in.csv"), "id,name\n7,Alan\n8,\"Barbara\nLiskov\"\n");
    result = ferry_tls(token, ca, "import --table people --file " + scratch("in.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT count() FROM people FORMAT TabSeparated"), "5\n");

    result = ferry_tls(token, ca, "export --table people --file " + scratch("out.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // Two parts now, read in either order.
    const std::string first_rows = "1,Ada\n2,\"Grace, \"\"Amazing\"\"\"\n3,Edsger\n";
    const std::string new_rows = "7,Alan\n8,\"Barbara\nLiskov\"\n";
    const std::string exported = read_file(scratch("out.csv"));
    EXPECT_TRUE(exported == "id,name\n" + first_rows + new_rows ||
                exported == "id,name\n" + new_rows + first_rows)
        << exported;
}

/// Compression and TLS together: the gateway passes Content-Encoding and Accept-Encoding through, and the
/// bodies inside the TLS stream are gzip.
TEST_F(JwtGatewayTest, GzipOnTheWireThroughTheHttpsGateway) {
    make_people_table();
    const std::string token = valid_token();
    const std::string flags =
        "--compression gzip --ca-cert " + shell_quote((tls_.dir / "ca.pem").string());
    std::string csv = "id,name\n";
    for (int i = 100; i < 20100; ++i) {
        csv += std::to_string(i) + ",\"name " + std::to_string(i % 97) + ", \"\"quoted\"\"\"\n";
    }
    write_file(scratch("in.csv"), csv);
    auto result = ferry_tls(token, flags, "import --json --table people --file " + scratch("in.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "\"codec\": \"gzip\"")) << result.out;
    EXPECT_EQ(query("SELECT count(), sum(id) FROM people FORMAT TabSeparated"),
              "20003\t" + std::to_string(6 + (100 + 20099) * 20000 / 2) + "\n");

    result = ferry_tls(token, flags,
                       "export --json --table people --columns id,name --file " + scratch("out.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "\"codec\": \"gzip\"")) << result.out;
    const std::string exported = read_file(scratch("out.csv"));
    EXPECT_TRUE(contains(exported, "20099,\"name 20, \"\"quoted\"\"\"\n")) << exported.substr(0, 200);
    EXPECT_EQ(std::count(exported.begin(), exported.end(), '\n'), 20003 + 1);
    expect_no_secrets(result, token);
}

TEST_F(JwtGatewayTest, UntrustedCertificateIsATlsErrorWithoutFallback) {
    const std::string token = valid_token();
    const std::string endpoint = "127.0.0.1:" + std::to_string(tls_.port);
    const auto log_before = access_log_size(tls_);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"system CAs", ""},
        {"another CA", "--ca-cert " + shell_quote((tls_.dir / "other-ca.pem").string())},
    };
    for (const auto& [name, flags] : cases) {
        const auto result = ferry_tls(token, flags, "tables");
        EXPECT_EQ(result.exit_code, 1) << name;
        EXPECT_TRUE(contains(result.err, "TLS")) << name << ": " << result.err;
        EXPECT_TRUE(contains(result.err, "certificate")) << name << ": " << result.err;
        EXPECT_TRUE(contains(result.err, endpoint)) << name << ": " << result.err;
        expect_no_secrets(result, token);
    }
    // A plain-HTTP retry would show up as a "400 plain HTTP request sent to HTTPS port" line.
    EXPECT_EQ(access_log_since(tls_, log_before), "") << "a request got past the TLS handshake";
}

TEST_F(JwtGatewayTest, SecureAgainstAPlainPortFailsInsteadOfDowngrading) {
    const std::string token = valid_token();
    const auto log_before = access_log_size(plain_);
    const auto result = ferry_at(plain_.port, "--secure --jwt " + shell_quote(token), "tables");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(result.err, "not HTTPS; turn off HTTPS")) << result.err;
    EXPECT_TRUE(contains(result.err, "127.0.0.1:" + std::to_string(plain_.port))) << result.err;
    expect_no_secrets(result, token);
    // Only the TLS ClientHello reached nginx, never a request with the token in the clear.
    EXPECT_FALSE(contains(access_log_since(plain_, log_before), "HTTP/1.1\""))
        << access_log_since(plain_, log_before);
}

/// The web API's connection carries the token the same way.
class JwtGatewayApiTest : public JwtGatewayTest {
protected:
    void SetUp() override {
        JwtGatewayTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        server::ServerOptions options;
        options.listen = "127.0.0.1:0";
        options.data_dir = scratch_dir_;
        server_ = std::make_unique<server::Server>(options);
        server_->start();
    }

    void TearDown() override {
        if (server_) {
            server_->stop();
        }
        JwtGatewayTest::TearDown();
    }

    /// POSTs `body` to the API and returns "<body>\n<status>".
    CommandResult post(const std::string& path, const std::string& body) {
        write_file(scratch("request.json"), body);
        return run_command(
            "curl -s -w '\\n%{http_code}' -H 'Content-Type: application/json' --data-binary @" +
            shell_quote(scratch("request.json").string()) + " " + server_->url() + path);
    }

    std::string tables_request(const std::string& token) {
        return R"({"connection": {"host": "127.0.0.1", "port": )" + std::to_string(plain_.port) +
               R"(, "database": ")" + database_ + R"(", "jwt": ")" + token + R"("}})";
    }

    std::unique_ptr<server::Server> server_;
};

TEST_F(JwtGatewayApiTest, TablesRouteWithAToken) {
    make_people_table();
    const std::string token = valid_token();
    auto result = post("/api/clickhouse/tables", tables_request(token));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.out.ends_with("\n200")) << result.out;
    EXPECT_TRUE(contains(result.out, R"("name":"people")")) << result.out;

    const std::string forged = make_jwt_for("default", "not the gateway's secret");
    result = post("/api/clickhouse/tables", tables_request(forged));
    EXPECT_TRUE(result.out.ends_with("\n401")) << result.out;
    EXPECT_TRUE(contains(result.out, "invalid token signature")) << result.out;
    EXPECT_FALSE(contains(result.out, forged)) << result.out;

    const std::string expired = make_jwt_for("default", kSecret, -std::chrono::minutes(5));
    result = post("/api/clickhouse/tables", tables_request(expired));
    EXPECT_TRUE(result.out.ends_with("\n401")) << result.out;
    EXPECT_TRUE(contains(result.out, "expired at")) << result.out;
    EXPECT_FALSE(contains(result.out, expired)) << result.out;
}

TEST_F(JwtGatewayApiTest, ColumnsPreviewImportAndExportJobsWithAToken) {
    make_people_table();
    const std::string token = valid_token();
    const std::string connection = R"({"host": "127.0.0.1", "port": )" + std::to_string(plain_.port) +
                                   R"(, "database": ")" + database_ + R"(", "jwt": ")" + token + R"("})";
    const std::string people =
        R"({"kind": "clickhouse", "connection": )" + connection + R"(, "table": "people"})";

    auto result =
        post("/api/clickhouse/columns", R"({"connection": )" + connection + R"(, "table": "people"})");
    EXPECT_TRUE(result.out.ends_with("\n200")) << result.out;
    EXPECT_TRUE(contains(result.out, R"({"name":"name","type":"String"})")) << result.out;

    result = post("/api/preview", R"({"source": )" + people + R"(, "limit": 2})");
    EXPECT_TRUE(result.out.ends_with("\n200")) << result.out;
    EXPECT_TRUE(contains(result.out, R"(["1","Ada"])")) << result.out;

    // Export a job, then import the file into a new table: both through the gateway.
    auto wait = [&](const std::string& created) {
        const auto id_at = created.find(R"("id":")");
        EXPECT_NE(id_at, std::string::npos) << created;
        const std::string id = created.substr(id_at + 6, created.find('"', id_at + 6) - id_at - 6);
        for (int i = 0; i < 600; ++i) {
            const auto job = run_command("curl -s " + server_->url() + "/api/jobs/" + id);
            if (contains(job.out, R"("status":"completed")") || contains(job.out, R"("status":"failed")")) {
                EXPECT_FALSE(contains(job.out, token)) << job.out;
                return job.out;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return std::string("timed out");
    };
    result = post("/api/jobs",
                  R"({"source": )" + people + R"(, "target": {"kind": "file", "path": "people.csv"}})");
    EXPECT_TRUE(contains(wait(result.out), R"("status":"completed")"));
    EXPECT_EQ(read_file(scratch("people.csv")), "id,name\n1,Ada\n2,\"Grace, \"\"Amazing\"\"\"\n3,Edsger\n");

    result = post("/api/jobs",
                  R"({"source": {"kind": "file", "path": "people.csv"}, "target": {"kind": "clickhouse", )"
                  R"("connection": )" +
                      connection + R"(, "table": "copy", "create": true}})");
    EXPECT_TRUE(contains(wait(result.out), R"("status":"completed")"));
    EXPECT_EQ(query("SELECT count(), sum(id) FROM copy FORMAT TabSeparated"), "3\t6\n");
}

} // namespace
} // namespace ferry::test
