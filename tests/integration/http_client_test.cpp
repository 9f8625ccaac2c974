#include "clickhouse/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>
#include <thread>

#include "common/error.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

using namespace std::chrono_literals;
using clickhouse::BodySink;
using clickhouse::BodySource;
using clickhouse::Connection;
using clickhouse::HttpClient;

/// Runs `f`, which must throw ferry::Error, and returns the error.
template <typename F> Error error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no ferry::Error thrown";
    return Error(ErrorKind::Internal, "none");
}

/// A loopback port with nothing listening on it.
std::uint16_t closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t length = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    close(fd);
    return ntohs(addr.sin_port);
}

bool port_open(std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool open = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return open;
}

/// Cancels `token` after `delay`, from another thread.
class DelayedCancel {
public:
    DelayedCancel(CancelToken& token, std::chrono::milliseconds delay)
        : thread_([&token, delay] {
              std::this_thread::sleep_for(delay);
              token.cancel();
          }) {}
    ~DelayedCancel() { thread_.join(); }
    DelayedCancel(const DelayedCancel&) = delete;
    DelayedCancel& operator=(const DelayedCancel&) = delete;

private:
    std::thread thread_;
};

/// A loopback server for one connection that answers with canned bytes (or, given nullopt, says nothing
/// until it is destroyed): for responses a real ClickHouse does not give.
class CannedServer {
public:
    explicit CannedServer(std::optional<std::string> reply) : reply_(std::move(reply)) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(listener_, 1);
        socklen_t length = sizeof addr;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedServer() {
        stop_ = true;
        thread_.join();
        close(listener_);
    }
    CannedServer(const CannedServer&) = delete;
    CannedServer& operator=(const CannedServer&) = delete;

    std::uint16_t port() const { return port_; }

private:
    /// Waits up to 100 ms for `fd` to be readable; false when stopping.
    bool wait_readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        while (!stop_) {
            if (poll(&p, 1, 100) > 0) {
                return true;
            }
        }
        return false;
    }

    void serve() {
        if (!wait_readable(listener_)) {
            return;
        }
        const int fd = accept(listener_, nullptr, nullptr);
        if (reply_) {
            // Read the request head (a TLS ClientHello has none: whatever came first will do).
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos && wait_readable(fd)) {
                const auto n = recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    break;
                }
                request.append(buffer, static_cast<std::size_t>(n));
                if (request.size() > 3 && static_cast<unsigned char>(request[0]) == 0x16) {
                    break; // TLS handshake record
                }
            }
            send(fd, reply_->data(), reply_->size(), MSG_NOSIGNAL);
            shutdown(fd, SHUT_WR);
        }
        while (wait_readable(fd) && recv(fd, buffer_, sizeof buffer_, 0) > 0) {
        }
        close(fd);
    }

    std::optional<std::string> reply_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    char buffer_[4096] = {};
    std::thread thread_;
};

class HttpClientTest : public ClickHouseTest {
protected:
    Connection ferry_user(const std::string& password) const {
        Connection c = connection();
        c.user = "ferry";
        c.password = password;
        return c;
    }
};

TEST_F(HttpClientTest, QueryReturnsTheBody) {
    HttpClient client(connection());
    EXPECT_EQ(client.query("SELECT 1 + 1"), "2\n");
    EXPECT_EQ(client.query("SELECT currentDatabase()"), database_ + "\n");
    EXPECT_EQ(client.query("SELECT 'a\\tb', 'x'"), "a\\tb\tx\n");
}

TEST_F(HttpClientTest, ServerVersion) {
    HttpClient client(connection());
    EXPECT_FALSE(client.server_version().empty());
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(client.server_version()[0])))
        << client.server_version();
    EXPECT_GE(client.server_major_version(), 18);
    EXPECT_EQ(client.server_major_version(), client.server_major_version());
}

TEST_F(HttpClientTest, SettingsAreSent) {
    HttpClient client(connection());
    EXPECT_EQ(
        client.query("SELECT value FROM system.settings WHERE name = 'max_threads'", {{"max_threads", "3"}}),
        "3\n");
    EXPECT_EQ(client.query("SELECT value FROM system.settings WHERE name = 'max_result_rows'",
                           {{"max_result_rows", "12345"}, {"max_threads", "2"}}),
              "12345\n");
}

TEST_F(HttpClientTest, QueryIdIsFreshAndMatchesTheServer) {
    HttpClient client(connection());
    const std::string seen =
        client.query("SELECT query_id FROM system.processes WHERE query LIKE '%marker-4711%'");
    const std::string first = client.last_query_id();
    EXPECT_EQ(seen, first + "\n");
    EXPECT_EQ(first.size(), 36u) << first;
    client.query("SELECT 1");
    EXPECT_NE(client.last_query_id(), first);
}

TEST_F(HttpClientTest, ConnectionIsKeptAlive) {
    HttpClient client(connection());
    const std::string sql = "SELECT port FROM system.processes WHERE query LIKE '%marker-keepalive%'";
    const std::string first_port = client.query(sql);
    client.query_streaming("SELECT number FROM system.numbers LIMIT 100000", [](std::string_view) {});
    EXPECT_EQ(client.query(sql), first_port);
    // A failed query ends with a normal response, so the connection survives it too.
    EXPECT_THROW(client.query("SELECT * FROM no_such_table"), Error);
    EXPECT_EQ(client.query(sql), first_port);
}

TEST_F(HttpClientTest, ManyQueriesOnOneClient) {
    // One handle, kept alive: a few hundred small queries must not exhaust sockets or slow down.
    HttpClient client(connection());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 300; ++i) {
        ASSERT_EQ(client.query("SELECT " + std::to_string(i)), std::to_string(i) + "\n");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

TEST_F(HttpClientTest, InsertStreamsTheBodyInSmallChunks) {
    query("CREATE TABLE t (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
    HttpClient client(connection());

    constexpr int kRows = 100000;
    std::string pending;
    int next_row = 0;
    std::size_t calls = 0;
    const BodySource source = [&](char* dst, std::size_t capacity) -> std::size_t {
        ++calls;
        while (pending.size() < 777 && next_row < kRows) {
            pending += std::to_string(next_row) + "\tname\\t" + std::to_string(next_row) + "\n";
            ++next_row;
        }
        const std::size_t n = std::min({capacity, pending.size(), std::size_t{777}});
        std::copy_n(pending.data(), n, dst);
        pending.erase(0, n);
        return n;
    };
    client.insert("INSERT INTO t (id, name) FORMAT TabSeparated", source);

    EXPECT_GT(calls, 1000u);
    EXPECT_EQ(query("SELECT count(), sum(id), uniqExact(name) FROM t"),
              std::to_string(kRows) + "\t" + std::to_string(std::uint64_t{kRows} * (kRows - 1) / 2) + "\t" +
                  std::to_string(kRows) + "\n");
    EXPECT_EQ(query("SELECT name FROM t WHERE id = 42"), "name\\t42\n");
}

/// Progress on other threads sees the bytes of a request while it runs, not only once it has ended.
TEST_F(HttpClientTest, WireBytesAreReportedWhileARequestRuns) {
    HttpClient client(connection());
    std::atomic<std::uint64_t> live{0};
    client.report_wire_bytes_to(&live);
    client.query("SELECT 1");
    const std::uint64_t before = client.wire_bytes();
    EXPECT_EQ(live.load(), before);
    std::uint64_t seen_mid_stream = 0;
    std::size_t bytes = 0;
    client.query_streaming("SELECT number FROM system.numbers LIMIT 3000000", [&](std::string_view chunk) {
        bytes += chunk.size();
        if (bytes > 10'000'000 && seen_mid_stream == 0) {
            seen_mid_stream = live.load();
        }
    });
    // ~21 MB in all: the counter had moved past the first request by the middle of the second.
    EXPECT_GT(seen_mid_stream, before + 5'000'000);
    EXPECT_LT(seen_mid_stream, client.wire_bytes());
    EXPECT_EQ(live.load(), client.wire_bytes());
}

TEST_F(HttpClientTest, InsertEmptyBody) {
    query("CREATE TABLE t (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    client.insert("INSERT INTO t FORMAT TabSeparated", [](char*, std::size_t) -> std::size_t { return 0; });
    EXPECT_EQ(query("SELECT count() FROM t"), "0\n");
}

TEST_F(HttpClientTest, StreamingSelectOfAMillionRows) {
    HttpClient client(connection());
    std::size_t bytes = 0;
    std::size_t chunks = 0;
    std::size_t lines = 0;
    client.query_streaming("SELECT number FROM system.numbers LIMIT 1000000", [&](std::string_view chunk) {
        bytes += chunk.size();
        lines += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        ++chunks;
    });
    std::size_t expected = 0;
    for (std::uint64_t n = 0; n < 1000000; ++n) {
        expected += std::to_string(n).size() + 1;
    }
    EXPECT_EQ(bytes, expected);
    EXPECT_EQ(lines, 1000000u);
    EXPECT_GT(chunks, 10u);
}

TEST_F(HttpClientTest, UnknownTableIsAQueryErrorWithItsCode) {
    HttpClient client(connection());
    const Error e = error_of([&] { client.query("SELECT * FROM no_such_table"); });
    EXPECT_EQ(e.kind(), ErrorKind::Query);
    EXPECT_EQ(e.context().server_code, 60);
    EXPECT_EQ(e.context().host, client.connection().endpoint());
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("ClickHouse error 60: ")) << message;
    EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
    EXPECT_EQ(message.find("e.what()"), std::string::npos) << message;
    // The handle is still usable after an error.
    EXPECT_EQ(client.query("SELECT 7"), "7\n");
}

TEST_F(HttpClientTest, SyntaxError) {
    HttpClient client(connection());
    const Error e = error_of([&] { client.query("SELEKT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Query);
    EXPECT_EQ(e.context().server_code, 62);
}

TEST_F(HttpClientTest, InsertIntoUnknownTableWithALargeBody) {
    HttpClient client(connection());
    std::size_t sent = 0;
    const std::string line(1000, 'x');
    const BodySource source = [&](char* dst, std::size_t capacity) -> std::size_t {
        if (sent >= 50'000'000) {
            return 0;
        }
        const std::size_t n = std::min(capacity, line.size());
        std::copy_n(line.data(), n, dst);
        sent += n;
        return n;
    };
    const Error e = error_of([&] { client.insert("INSERT INTO no_such_table FORMAT TabSeparated", source); });
    EXPECT_EQ(e.kind(), ErrorKind::Query) << e.what();
    EXPECT_EQ(e.context().server_code, 60) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
    EXPECT_EQ(client.query("SELECT 8"), "8\n");
}

TEST_F(HttpClientTest, InsertOfBadDataIsAQueryError) {
    query("CREATE TABLE t (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    const std::string body = "1\n2\nnot a number\n";
    bool done = false;
    const Error e = error_of([&] {
        client.insert("INSERT INTO t FORMAT TabSeparated",
                      [&](char* dst, std::size_t capacity) -> std::size_t {
                          if (done) {
                              return 0;
                          }
                          done = true;
                          const std::size_t n = std::min(capacity, body.size());
                          std::copy_n(body.data(), n, dst);
                          return n;
                      });
    });
    EXPECT_EQ(e.kind(), ErrorKind::Query) << e.what();
    EXPECT_NE(e.context().server_code, 0);
}

TEST_F(HttpClientTest, ExceptionInTheMiddleOfAStreamedResponse) {
    HttpClient client(connection());
    std::string tail;
    std::size_t bytes = 0;
    const BodySink sink = [&](std::string_view chunk) {
        bytes += chunk.size();
        tail = std::string(chunk.substr(chunk.size() > 100 ? chunk.size() - 100 : 0));
    };
    const Error e = error_of([&] {
        client.query_streaming("SELECT number, throwIf(number = 500000) FROM system.numbers LIMIT 1000000",
                               sink);
    });
    EXPECT_EQ(e.kind(), ErrorKind::Query) << e.what();
    EXPECT_EQ(e.context().server_code, 395) << e.what();
    EXPECT_GT(bytes, 0u); // the server had started answering with 200 before the exception
    EXPECT_EQ(tail.find("Code:"), std::string::npos) << tail;
}

TEST_F(HttpClientTest, SinkExceptionPropagates) {
    HttpClient client(connection());
    const Error e = error_of([&] {
        client.query_streaming("SELECT number FROM system.numbers LIMIT 1000000",
                               [](std::string_view) { throw Error(ErrorKind::File, "disk full"); });
    });
    EXPECT_EQ(e.kind(), ErrorKind::File);
    EXPECT_STREQ(e.what(), "disk full");
    EXPECT_EQ(client.query("SELECT 9"), "9\n");
}

TEST_F(HttpClientTest, SourceExceptionPropagates) {
    query("CREATE TABLE t (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    int calls = 0;
    const Error e = error_of([&] {
        client.insert("INSERT INTO t FORMAT TabSeparated", [&](char* dst, std::size_t) -> std::size_t {
            if (++calls > 3) {
                throw Error(ErrorKind::Data, "line 4: bad value");
            }
            dst[0] = '1';
            dst[1] = '\n';
            return 2;
        });
    });
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    EXPECT_STREQ(e.what(), "line 4: bad value");
    EXPECT_EQ(client.query("SELECT 10"), "10\n");
}

// ---------------------------------------------------------------------------------------------------------
// Authentication

TEST_F(HttpClientTest, PasswordUser) {
    HttpClient client(ferry_user("ferry-secret"));
    EXPECT_EQ(client.query("SELECT user FROM system.processes WHERE query LIKE '%marker-0815%'"), "ferry\n");
}

TEST_F(HttpClientTest, WrongPasswordIsAnAuthError) {
    HttpClient client(ferry_user("wrong-password-123"));
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_EQ(e.context().server_code, 193);
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("authentication failed for user 'ferry' at " +
                                    client.connection().endpoint() + ": "))
        << message;
    EXPECT_EQ(message.find("wrong-password-123"), std::string::npos) << message;
}

TEST_F(HttpClientTest, MissingPasswordAndUnknownUserAreAuthErrors) {
    {
        HttpClient client(ferry_user(""));
        EXPECT_EQ(error_of([&] { client.query("SELECT 1"); }).kind(), ErrorKind::Auth);
    }
    {
        Connection c = connection();
        c.user = "nobody";
        c.password = "secret-of-nobody";
        HttpClient client(c);
        const Error e = error_of([&] { client.query("SELECT 1"); });
        EXPECT_EQ(e.kind(), ErrorKind::Auth);
        EXPECT_EQ(std::string(e.what()).find("secret-of-nobody"), std::string::npos) << e.what();
    }
}

TEST_F(HttpClientTest, WrongPasswordOnInsertIsAnAuthError) {
    HttpClient client(ferry_user("nope-nope"));
    const Error e = error_of([&] {
        client.insert("INSERT INTO t FORMAT TabSeparated",
                      [](char*, std::size_t) -> std::size_t { return 0; });
    });
    EXPECT_EQ(e.kind(), ErrorKind::Auth) << e.what();
}

TEST_F(HttpClientTest, CredentialsWithLineBreaksAreRefused) {
    HttpClient client(ferry_user("ferry-secret\r\nX-Evil: 1"));
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_EQ(std::string(e.what()).find("ferry-secret"), std::string::npos) << e.what();
}

// ---------------------------------------------------------------------------------------------------------
// Connection failures

TEST_F(HttpClientTest, ConnectionRefused) {
    Connection c = ferry_user("very-secret-password");
    c.port = closed_port();
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Connection);
    const std::string message = e.what();
    EXPECT_EQ(message,
              "cannot connect to ClickHouse at 127.0.0.1:" + std::to_string(c.port) + ": Connection refused");
    EXPECT_EQ(e.context().host, c.endpoint());
    EXPECT_EQ(message.find("very-secret-password"), std::string::npos);
}

TEST_F(HttpClientTest, UnresolvableHost) {
    Connection c = connection();
    c.host = "no-such-host.invalid";
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Connection);
    EXPECT_STREQ(e.what(), "cannot resolve host 'no-such-host.invalid'");
}

TEST_F(HttpClientTest, PlainHttpServerSpokenToOverTls) {
    CannedServer server("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    Connection c = connection();
    c.port = server.port();
    c.secure = true;
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
    EXPECT_EQ(std::string(e.what()), "the server at " + c.endpoint() +
                                         " answered plain HTTP, not HTTPS; turn off HTTPS or use the HTTPS port "
                                         "(usually 8443)");
}

TEST_F(HttpClientTest, SilentPlainPortSpokenToOverTls) {
    // ClickHouse's own HTTP port sometimes waits for the rest of a "request" that is a ClientHello; the
    // handshake then times out after the 10 s connect timeout.
    CannedServer server(std::nullopt);
    Connection c = connection();
    c.port = server.port();
    c.secure = true;
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
    EXPECT_NE(std::string(e.what()).find("did not start HTTPS within 10 s; it is probably a plain HTTP port"),
              std::string::npos)
        << e.what();
}

TEST_F(HttpClientTest, ProxyErrorWithoutAClickHouseCode) {
    CannedServer server("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 20\r\nConnection: close\r\n\r\n"
                        "<h1>bad gateway</h1>");
    Connection c = connection();
    c.port = server.port();
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Connection) << e.what();
    EXPECT_EQ(std::string(e.what()),
              "ClickHouse at " + c.endpoint() + " answered HTTP 502: <h1>bad gateway</h1>");
}

TEST_F(HttpClientTest, UnauthorizedWithoutAClickHouseCode) {
    CannedServer server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 13\r\nConnection: close\r\n\r\n"
                        "token expired");
    Connection c = connection();
    c.port = server.port();
    c.user = "analyst";
    c.password = "pa55word";
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Auth) << e.what();
    EXPECT_EQ(std::string(e.what()),
              "authentication failed for user 'analyst' at " + c.endpoint() + ": token expired");
}

TEST_F(HttpClientTest, ExceptionCodeHeaderWithoutACodeInTheBody) {
    CannedServer server("HTTP/1.1 500 Internal Server Error\r\nX-ClickHouse-Exception-Code: 241\r\n"
                        "Content-Length: 14\r\nConnection: close\r\n\r\nout of memory.");
    Connection c = connection();
    c.port = server.port();
    HttpClient client(c);
    const Error e = error_of([&] { client.query("SELECT 1"); });
    EXPECT_EQ(e.kind(), ErrorKind::Query) << e.what();
    EXPECT_EQ(e.context().server_code, 241);
    EXPECT_STREQ(e.what(), "ClickHouse error 241: out of memory.");
}

TEST_F(HttpClientTest, MissingCaFileIsATlsError) {
    Connection c = connection();
    c.secure = true;
    c.ca_cert = (scratch_dir_ / "no-such-ca.pem").string();
    HttpClient client(c);
    EXPECT_EQ(error_of([&] { client.query("SELECT 1"); }).kind(), ErrorKind::Tls);
}

/// A TLS server with a self-signed certificate for "localhost" (openssl s_server), for certificate checks.
class TlsServer {
public:
    explicit TlsServer(const std::filesystem::path& dir) : dir_(dir) {
        if (run_command("command -v openssl").exit_code != 0) {
            return;
        }
        const auto cert =
            run_command("cd " + shell_quote(dir.string()) +
                        " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
                        "-subj /CN=localhost -addext subjectAltName=DNS:localhost -days 2");
        if (cert.exit_code != 0) {
            return;
        }
        port_ = closed_port();
        const auto started =
            run_command("cd " + shell_quote(dir.string()) +
                        " && (openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port_) +
                        " -cert cert.pem -key key.pem >s_server.log 2>&1 & echo $!)");
        pid_ = std::atoi(started.out.c_str());
        for (int i = 0; i < 100 && !port_open(port_); ++i) {
            std::this_thread::sleep_for(50ms);
        }
    }
    ~TlsServer() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
        }
    }
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    bool running() const { return pid_ > 0; }
    std::uint16_t port() const { return port_; }
    std::string ca_file() const { return (dir_ / "cert.pem").string(); }

private:
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = 0;
};

TEST_F(HttpClientTest, CertificateChecks) {
    TlsServer server(scratch_dir_);
    if (!server.running()) {
        GTEST_SKIP() << "openssl is not installed";
    }
    Connection c;
    c.host = "localhost";
    c.port = server.port();
    c.secure = true;
    {
        HttpClient client(c);
        const Error e = error_of([&] { client.query("SELECT 1"); });
        EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
        EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
    }
    {
        // Trusting the certificate passes the handshake; s_server then never answers the POST, so the test
        // cancels the request: the outcome is Cancelled rather than a TLS error.
        c.ca_cert = server.ca_file();
        HttpClient client(c);
        CancelToken token;
        DelayedCancel cancel(token, 1500ms);
        const Error e = error_of([&] { client.query("SELECT 1", {}, &token); });
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    }
    {
        // The certificate is for "localhost": a connection by IP address fails the host name check.
        c.host = "127.0.0.1";
        HttpClient client(c);
        EXPECT_EQ(error_of([&] { client.query("SELECT 1"); }).kind(), ErrorKind::Tls);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Cancellation

TEST_F(HttpClientTest, CancelDuringALongQuery) {
    HttpClient client(connection());
    CancelToken token;
    const auto start = std::chrono::steady_clock::now();
    DelayedCancel cancel(token, 300ms);
    const Error e = error_of([&] { client.query("SELECT sleep(3)", {}, &token); });
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    EXPECT_LT(elapsed, 1000ms);
}

TEST_F(HttpClientTest, CancelDuringAStreamedSelect) {
    HttpClient client(connection());
    CancelToken token;
    std::size_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    DelayedCancel cancel(token, 300ms);
    const Error e = error_of([&] {
        client.query_streaming(
            "SELECT number FROM system.numbers", [&](std::string_view chunk) { bytes += chunk.size(); }, {},
            &token);
    });
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
    EXPECT_GT(bytes, 0u);
    EXPECT_EQ(client.query("SELECT 11"), "11\n");
}

TEST_F(HttpClientTest, CancelDuringAnInsert) {
    query("CREATE TABLE t (id UInt64) ENGINE = Memory");
    HttpClient client(connection());
    CancelToken token;
    DelayedCancel cancel(token, 300ms);
    const auto start = std::chrono::steady_clock::now();
    const Error e = error_of([&] {
        client.insert(
            "INSERT INTO t FORMAT TabSeparated",
            [](char* dst, std::size_t) -> std::size_t {
                std::this_thread::sleep_for(1ms);
                dst[0] = '1';
                dst[1] = '\n';
                return 2;
            },
            {}, &token);
    });
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST_F(HttpClientTest, AlreadyCancelledTokenSendsNothing) {
    HttpClient client(connection());
    CancelToken token;
    token.cancel();
    EXPECT_EQ(error_of([&] { client.query("SELECT 1", {}, &token); }).kind(), ErrorKind::Cancelled);
}

} // namespace
} // namespace ferry::test
