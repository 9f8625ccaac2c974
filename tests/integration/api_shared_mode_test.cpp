/// `ferry serve` for a team, through the API against a real ClickHouse: allowed ClickHouse hosts (checked
/// before any connection is opened), sign-in with a token or users file, sessions, rate limiting, per-user
/// files and jobs, and limits. Traffic goes only to loopback addresses.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <thread>

#include "api_support.h"
#include "server/auth/user_file.h"

namespace ferry::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::string_view kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

json::object parse(const std::string& body) {
    return json::parse(body).as_object();
}

std::string header(const HttpResult& result, const std::string& name) {
    const auto it = result.headers.find(name);
    return it == result.headers.end() ? std::string() : it->second;
}

std::string error_kind(const HttpResult& result) {
    return std::string(parse(result.body).at("error").at("kind").as_string());
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it and holds them open (so that a
/// client talking to it waits) until closed: the witness that nothing was dialled.
class ConnectRecorder {
public:
    ConnectRecorder() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
        ::listen(fd_, 64);
        socklen_t size = sizeof(address);
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] {
            while (!stop_) {
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 50) > 0) {
                    const int client = ::accept(fd_, nullptr, nullptr);
                    if (client >= 0) {
                        std::lock_guard lock(mutex_);
                        clients_.push_back(client);
                        ++accepted_;
                    }
                }
            }
        });
    }
    ~ConnectRecorder() {
        stop_ = true;
        thread_.join();
        close_clients();
        ::close(fd_);
    }
    std::uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }
    void close_clients() {
        std::lock_guard lock(mutex_);
        for (const int client : clients_) {
            ::close(client);
        }
        clients_.clear();
    }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::mutex mutex_;
    std::vector<int> clients_;
    std::thread thread_;
};

/// A server in shared mode on loopback: sign-in forced with --auth, ClickHouse allowed only as listed.
class SharedModeTest : public ApiTest {
protected:
    void configure(server::ServerOptions& options) override {
        options.auth = "token";
        options.token = std::string(kToken);
        options.clickhouse_allow = {connection().host + ":" + std::to_string(connection().port)};
        more(options);
    }
    virtual void more(server::ServerOptions&) {}

    static std::string cookie_header(const std::string& cookie) { return "Cookie: " + cookie; }

    /// Signs in with `body` and returns "ferry_session=..." from Set-Cookie.
    std::string sign_in(const std::string& body) {
        const auto result = post("/api/session", body);
        EXPECT_EQ(result.status, 200) << result.body;
        const auto set_cookie = header(result, "set-cookie");
        return set_cookie.substr(0, set_cookie.find(';'));
    }
    std::string sign_in_with_token() { return sign_in(R"({"token": ")" + std::string(kToken) + "\"}"); }

    HttpResult get_as(const std::string& cookie, const std::string& path) {
        return call(HttpCall{"GET", path, "", {cookie_header(cookie)}});
    }
    HttpResult post_as(const std::string& cookie, const std::string& path, const std::string& body) {
        return call(HttpCall{"POST", path, body, {cookie_header(cookie), "Content-Type: application/json"}});
    }
    HttpResult del_as(const std::string& cookie, const std::string& path) {
        return call(HttpCall{"DELETE", path, "", {cookie_header(cookie)}});
    }
    std::string wait_for_job_as(const std::string& cookie, const std::string& id) {
        const auto deadline = std::chrono::steady_clock::now() + 3min;
        while (true) {
            const auto result = get_as(cookie, "/api/jobs/" + id);
            const auto status = result.status == 200 ? parse(result.body).at("status").as_string() : "";
            if (result.status != 200 || status == "completed" || status == "failed" ||
                status == "cancelled" || std::chrono::steady_clock::now() > deadline) {
                return result.body;
            }
            std::this_thread::sleep_for(50ms);
        }
    }

    std::string connection_to(std::uint16_t port) const {
        return R"({"host": "127.0.0.1", "port": )" + std::to_string(port) + R"(, "database": "default"})";
    }
};

// --- allowed ClickHouse hosts
// -------------------------------------------------------------------------------

class ApiClickHouseAllow : public SharedModeTest {};

TEST_F(ApiClickHouseAllow, RefusesADisallowedHostBeforeConnecting) {
    const ConnectRecorder witness;
    const auto cookie = sign_in_with_token();
    write_file(data_dir_ / "a.csv", "x\n1\n");
    const auto other = connection_to(witness.port());
    const auto table = R"({"kind": "clickhouse", "connection": )" + other + R"(, "table": "t"})";
    const std::vector<std::pair<std::string, std::string>> requests = {
        {"/api/clickhouse/tables", R"({"connection": )" + other + "}"},
        {"/api/clickhouse/columns", R"({"connection": )" + other + R"(, "table": "t"})"},
        {"/api/clickhouse/load_plan", R"({"connection": )" + other + R"(, "table": "t"})"},
        {"/api/preview", R"({"source": )" + table + "}"},
        {"/api/jobs", R"({"source": {"kind": "file", "path": "a.csv"}, "target": )" + table + "}"},
        {"/api/jobs", R"({"source": )" + table + R"(, "target": {"kind": "file", "path": "out.csv"}})"},
    };
    for (const auto& [path, body] : requests) {
        const auto result = post_as(cookie, path, body);
        EXPECT_EQ(result.status, 403) << path << " " << result.body;
        EXPECT_EQ(error_kind(result), "forbidden") << result.body;
        EXPECT_NE(result.body.find("host 127.0.0.1:" + std::to_string(witness.port()) +
                                   " is not in the allowed ClickHouse hosts (--clickhouse-allow)"),
                  std::string::npos)
            << result.body;
    }
    std::this_thread::sleep_for(200ms); // a connect in flight would show by now
    EXPECT_EQ(witness.accepted(), 0);
    EXPECT_FALSE(fs::exists(data_dir_ / "out.csv"));

    // The allowed fixture server works.
    query("CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x");
    const auto allowed =
        post_as(cookie, "/api/clickhouse/tables", R"({"connection": )" + connection_json() + "}");
    ASSERT_EQ(allowed.status, 200) << allowed.body;
    EXPECT_EQ(parse(allowed.body).at("tables").as_array().size(), 1u);
}

/// Local mode (loopback, no --auth) still lets the one local user reach any server: the witness shows the
/// refusal above is the allow list's doing, not a listener that never records.
class ApiClickHouseLocalMode : public ApiTest {};

TEST_F(ApiClickHouseLocalMode, AllowsEveryHost) {
    ConnectRecorder witness;
    std::thread closer([&] {
        while (witness.accepted() == 0) {
            std::this_thread::sleep_for(20ms);
        }
        witness.close_clients();
    });
    const auto result = post("/api/clickhouse/tables", R"({"connection": {"host": "127.0.0.1", "port": )" +
                                                           std::to_string(witness.port()) + "}}");
    closer.join();
    EXPECT_EQ(witness.accepted() >= 1, true);
    EXPECT_EQ(result.status, 502) << result.body;
}

// --- sign-in with the token -------------------------------------------------------------------------------

class ApiTokenSignIn : public SharedModeTest {};

TEST_F(ApiTokenSignIn, EveryApiRouteNeedsASession) {
    const std::string expected =
        R"({"error":{"kind":"auth","message":"Sign in to use Ferry."},"auth":{"mode":"token"}})";
    for (const auto& path : {"/api/files", "/api/jobs", "/api/jobs/abc", "/api/session", "/api/nope"}) {
        const auto result = get(path);
        EXPECT_EQ(result.status, 401) << path;
        EXPECT_EQ(result.body, expected) << path;
        EXPECT_EQ(header(result, "cache-control"), "no-store") << path;
    }
    const auto upload = call(HttpCall{"POST", "/api/files?name=x.csv", "a\n1\n", {}});
    EXPECT_EQ(upload.status, 401);
    EXPECT_FALSE(fs::exists(data_dir_ / "x.csv"));
    EXPECT_EQ(post("/api/clickhouse/tables", R"({"connection": )" + connection_json() + "}").status, 401);

    // A download link clicked after the session ended leads to the sign-in form, not to a page of JSON.
    for (const auto& navigation : {"Sec-Fetch-Mode: navigate", "Accept: text/html,application/xhtml+xml"}) {
        const auto link = call(HttpCall{"GET", "/api/files/out.csv", "", {navigation}});
        EXPECT_EQ(link.status, 303) << navigation;
        EXPECT_EQ(header(link, "location"), "/") << navigation;
        EXPECT_EQ(link.body.find("error"), std::string::npos) << link.body;
    }
    const auto fetched = call(HttpCall{"GET", "/api/files/out.csv", "", {"Sec-Fetch-Mode: cors", "Accept: */*"}});
    EXPECT_EQ(fetched.status, 401) << "a script's fetch still gets the JSON answer";

    // The web app itself is public: it shows the sign-in form.
    const auto page = get("/");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<title>Ferry</title>"), std::string::npos);
}

TEST_F(ApiTokenSignIn, TokenGivesASessionCookieUntilSignOut) {
    const auto wrong = post("/api/session", R"({"token": "not-the-token"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(error_kind(wrong), "auth");
    EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);

    const auto result = post("/api/session", R"({"token": ")" + std::string(kToken) + "\"}");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(parse(result.body), json::parse(R"({"user": "token", "admin": true, "mode": "token"})"));
    EXPECT_EQ(header(result, "cache-control"), "no-store");
    const auto set_cookie = header(result, "set-cookie");
    EXPECT_TRUE(set_cookie.starts_with("ferry_session=")) << set_cookie;
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
    EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain http: " << set_cookie;
    const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
    EXPECT_EQ(cookie.size(), std::string("ferry_session=").size() + 64);
    EXPECT_EQ(cookie.find(kToken), std::string::npos);

    const auto session = get_as(cookie, "/api/session");
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_EQ(parse(session.body), json::parse(R"({"user": "token", "admin": true, "mode": "token"})"));
    const auto files = get_as(cookie, "/api/files");
    EXPECT_EQ(files.status, 200) << files.body;
    EXPECT_EQ(header(files, "cache-control"), "no-store");

    const auto out = del_as(cookie, "/api/session");
    EXPECT_EQ(out.status, 204);
    EXPECT_NE(header(out, "set-cookie").find("ferry_session=; Max-Age=0"), std::string::npos);
    EXPECT_EQ(get_as(cookie, "/api/files").status, 401)
        << "the session ends on the server, not only in the browser";
    EXPECT_EQ(get_as(cookie, "/api/session").status, 401);
}

TEST_F(ApiTokenSignIn, TokenLinkSetsTheCookieAndDropsTheToken) {
    const auto link = get("/?token=" + std::string(kToken));
    EXPECT_EQ(link.status, 303);
    EXPECT_EQ(header(link, "location"), "/");
    const auto set_cookie = header(link, "set-cookie");
    ASSERT_TRUE(set_cookie.starts_with("ferry_session=")) << set_cookie;
    const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
    EXPECT_EQ(get_as(cookie, "/api/session").status, 200);

    const auto wrong = get("/?token=nope");
    EXPECT_EQ(wrong.status, 200);
    EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);
    EXPECT_NE(wrong.body.find("<title>Ferry</title>"), std::string::npos);
}

TEST_F(ApiTokenSignIn, PrintsTheTokenLink) {
    EXPECT_EQ(server_->sign_in_url(), server_->url() + "/?token=" + std::string(kToken));
}

TEST_F(ApiTokenSignIn, GuessingTheTokenIsRateLimited) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(post("/api/session", R"({"token": "guess-)" + std::to_string(i) + "\"}").status, 401);
    }
    const auto limited = post("/api/session", R"({"token": "guess-6"})");
    EXPECT_EQ(limited.status, 429) << limited.body;
    EXPECT_EQ(error_kind(limited), "rate_limited");
    const auto retry = std::stoi(header(limited, "retry-after"));
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 60);
    // Even the right token waits: a guess that happens to be right must not be told apart.
    EXPECT_EQ(post("/api/session", R"({"token": ")" + std::string(kToken) + "\"}").status, 429);
    // Another client address is not held up by this one's failures.
    const auto other = call(HttpCall{"POST",
                                     "/api/session",
                                     R"({"token": ")" + std::string(kToken) + "\"}",
                                     {"Content-Type: application/json"},
                                     120,
                                     "127.0.0.3"});
    EXPECT_EQ(other.status, 200) << other.body << other.error;
}

class ApiBehindAProxy : public SharedModeTest {
protected:
    void more(server::ServerOptions& options) override { options.trusted_proxies = {"127.0.0.1"}; }
};

TEST_F(ApiBehindAProxy, LimitsFailedSignInsPerForwardedClient) {
    const auto from = [&](const std::string& source, const std::string& forwarded, const std::string& token) {
        return call(HttpCall{"POST",
                             "/api/session",
                             R"({"token": ")" + token + "\"}",
                             {"Content-Type: application/json", "X-Forwarded-For: " + forwarded},
                             120,
                             source});
    };
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(from("127.0.0.1", "6.6.6.6, 10.9.9.9", "guess").status, 401);
    }
    EXPECT_EQ(from("127.0.0.1", "10.9.9.9", std::string(kToken)).status, 429);
    // Another client behind the same proxy signs in; the attacker's own claims (first entries) do not count.
    EXPECT_EQ(from("127.0.0.1", "10.9.9.9, 10.9.9.8", std::string(kToken)).status, 200);
    // An untrusted peer's X-Forwarded-For is ignored: its failures are its own address's.
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(from("127.0.0.5", "10.1.1." + std::to_string(i), "guess").status, 401);
    }
    EXPECT_EQ(from("127.0.0.5", "10.1.1.9", std::string(kToken)).status, 429);
}

// --- users mode: sign-in, isolation, shared folder ---------------------------------------------------------

class ApiUsers : public SharedModeTest {
protected:
    void more(server::ServerOptions& options) override {
        // Hashed once per test binary: each Argon2id hash takes a noticeable fraction of a second.
        static const std::string users = [] {
            return "alice:" + server::auth::hash_password("alice-password-1") +
                   "\nbob:" + server::auth::hash_password("bob-password-2") +
                   "\ncarol:" + server::auth::hash_password("carol-password-3") + ":admin\n";
        }();
        const auto file = scratch("users.txt");
        write_file(file, users);
        options.auth = "users";
        options.users_file = file;
        options.token.clear();
        options.shared_folder = "shared";
        options.max_upload_size = 1000;
    }
    std::string sign_in_as(const std::string& user) {
        return sign_in(R"({"user": ")" + user + R"(", "password": ")" + user + "-password-" +
                       (user == "alice" ? "1"
                        : user == "bob" ? "2"
                                        : "3") +
                       "\"}");
    }
    HttpResult upload_as(const std::string& cookie, const std::string& name, const std::string& content) {
        return call(HttpCall{"POST", "/api/files?name=" + name, content, {cookie_header(cookie)}});
    }
};

TEST_F(ApiUsers, SignsInWithNameAndPassword) {
    const auto result = post("/api/session", R"({"user": "alice", "password": "alice-password-1"})");
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(parse(result.body), json::parse(R"({"user": "alice", "admin": false, "mode": "users"})"));
    const auto wrong = post("/api/session", R"({"user": "alice", "password": "nope"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(error_kind(wrong), "auth");
    EXPECT_EQ(wrong.body.find("nope"), std::string::npos);
    EXPECT_EQ(post("/api/session", R"({"user": "mallory", "password": "x"})").status, 401);
    EXPECT_EQ(get("/api/session").body,
              R"({"error":{"kind":"auth","message":"Sign in to use Ferry."},"auth":{"mode":"users"}})");
    const auto carol = get_as(sign_in_as("carol"), "/api/session");
    EXPECT_EQ(parse(carol.body), json::parse(R"({"user": "carol", "admin": true, "mode": "users"})"));
}

TEST_F(ApiUsers, RateLimitsPerAddressAndPerUserName) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(post("/api/session", R"({"user": "alice", "password": "wrong"})").status, 401);
    }
    // alice's name is now held for a minute from every address; other names are not (from elsewhere).
    const auto from = [&](const std::string& address, const std::string& body) {
        return call(HttpCall{"POST", "/api/session", body, {"Content-Type: application/json"}, 120, address});
    };
    const auto alice = from("127.0.0.4", R"({"user": "alice", "password": "alice-password-1"})");
    EXPECT_EQ(alice.status, 429) << alice.body << alice.error;
    EXPECT_EQ(error_kind(alice), "rate_limited");
    EXPECT_FALSE(header(alice, "retry-after").empty());
    EXPECT_EQ(from("127.0.0.4", R"({"user": "bob", "password": "bob-password-2"})").status, 200);
    // And the address that failed is held for every name.
    EXPECT_EQ(post("/api/session", R"({"user": "bob", "password": "bob-password-2"})").status, 429);
}

TEST_F(ApiUsers, EachUserHasTheirOwnFiles) {
    const auto alice = sign_in_as("alice");
    const auto bob = sign_in_as("bob");
    ASSERT_EQ(upload_as(alice, "mine.csv", "a\n1\n").status, 201);
    EXPECT_EQ(read_file(data_dir_ / "users" / "alice" / "mine.csv"), "a\n1\n");
    EXPECT_FALSE(fs::exists(data_dir_ / "mine.csv"));

    EXPECT_NE(get_as(alice, "/api/files").body.find("mine.csv"), std::string::npos);
    EXPECT_EQ(get_as(bob, "/api/files").body.find("mine.csv"), std::string::npos);
    EXPECT_EQ(get_as(bob, "/api/files/mine.csv").status, 404);
    EXPECT_EQ(get_as(alice, "/api/files/mine.csv").body, "a\n1\n");
    const auto escape = get_as(bob, "/api/files/..%2Falice%2Fmine.csv");
    EXPECT_TRUE(escape.status == 400 || escape.status == 403) << escape.status;
    EXPECT_EQ(post_as(bob, "/api/file/schema", R"({"file": {"path": "mine.csv"}})").status, 404);
}

TEST_F(ApiUsers, TheSharedFolderIsReadOnlyForUsers) {
    fs::create_directories(data_dir_ / "shared");
    write_file(data_dir_ / "shared" / "common.csv", "id\n7\n");
    const auto alice = sign_in_as("alice");
    const auto files = get_as(alice, "/api/files");
    EXPECT_NE(files.body.find(R"("name":"shared/common.csv")"), std::string::npos) << files.body;
    EXPECT_EQ(get_as(alice, "/api/files/shared/common.csv").body, "id\n7\n");
    const auto write = upload_as(alice, "shared/x.csv", "id\n1\n");
    EXPECT_EQ(write.status, 403) << write.body;
    EXPECT_EQ(error_kind(write), "forbidden");
    EXPECT_FALSE(fs::exists(data_dir_ / "shared" / "x.csv"));
    // An import from the shared folder that skips bad rows writes its rejects into the user's own folder.
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    write_file(data_dir_ / "shared" / "mixed.csv", "id\n1\nnot-a-number\n3\n");
    const auto created =
        post_as(alice, "/api/jobs",
                R"({"source": {"kind": "file", "path": "shared/mixed.csv"}, "target": {"kind":
                                     "clickhouse", "connection": )" +
                    connection_json() + R"(, "table": "t", "on_error": "skip", "max_errors": 5}})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto job = parse(wait_for_job_as(alice, std::string(parse(created.body).at("id").as_string())));
    EXPECT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(query("SELECT count(), sum(id) FROM t"), "2\t4\n");
    EXPECT_TRUE(fs::exists(data_dir_ / "users" / "alice" / "mixed.csv.rejects.csv"));
    EXPECT_FALSE(fs::exists(data_dir_ / "shared" / "mixed.csv.rejects.csv"));

    const auto carol = sign_in_as("carol");
    EXPECT_EQ(upload_as(carol, "shared/x.csv", "id\n1\n").status, 201);
    EXPECT_EQ(read_file(data_dir_ / "shared" / "x.csv"), "id\n1\n");
}

TEST_F(ApiUsers, EachUserSeesOnlyTheirOwnJobs) {
    query("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
    const auto alice = sign_in_as("alice");
    const auto bob = sign_in_as("bob");
    const auto carol = sign_in_as("carol");
    ASSERT_EQ(upload_as(alice, "ids.csv", "id\n1\n2\n3\n").status, 201);
    const auto created = post_as(alice, "/api/jobs",
                                 R"({"source": {"kind": "file", "path": "ids.csv"}, "target": {"kind":
                                     "clickhouse", "connection": )" +
                                     connection_json() + R"(, "table": "t"}})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id(parse(created.body).at("id").as_string());
    const auto job = parse(wait_for_job_as(alice, id));
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("owner"), "alice");
    EXPECT_EQ(job.at("source").at("path"), "ids.csv");
    EXPECT_EQ(query("SELECT count(), sum(id) FROM t"), "3\t6\n");

    for (const auto& path : {"/api/jobs/" + id, "/api/jobs/" + id + "/events"}) {
        const auto other = get_as(bob, path);
        EXPECT_EQ(other.status, 404) << path;
        EXPECT_EQ(other.body.find("ids.csv"), std::string::npos);
    }
    EXPECT_EQ(del_as(bob, "/api/jobs/" + id).status, 404);
    EXPECT_EQ(get_as(bob, "/api/jobs").body, R"({"jobs":[]})");
    EXPECT_NE(get_as(alice, "/api/jobs").body.find(id), std::string::npos);
    EXPECT_NE(get_as(carol, "/api/jobs").body.find(id), std::string::npos) << "an admin sees every job";
    EXPECT_EQ(get_as(carol, "/api/jobs/" + id).status, 200);

    // bob loading the same-named file of his own is not told about alice's load.
    ASSERT_EQ(upload_as(bob, "ids.csv", "id\n1\n2\n3\n").status, 201);
    const auto again = post_as(bob, "/api/jobs",
                               R"({"source": {"kind": "file", "path": "ids.csv"}, "target": {"kind":
                                   "clickhouse", "connection": )" +
                                   connection_json() + R"(, "table": "t"}})");
    EXPECT_EQ(again.status, 201) << again.body;
    wait_for_job_as(bob, std::string(parse(again.body).at("id").as_string()));
}

// --- limits
// -------------------------------------------------------------------------------------------------

TEST_F(ApiUsers, RefusesUploadsOverTheSizeLimit) {
    const auto alice = sign_in_as("alice");
    const std::string big(1001, 'x');
    const auto result = upload_as(alice, "big.csv", big);
    EXPECT_EQ(result.status, 413) << result.body;
    EXPECT_EQ(error_kind(result), "limit");
    EXPECT_NE(result.body.find("--max-upload-size 1000 bytes"), std::string::npos) << result.body;
    // Without a Content-Length (chunked), the limit holds while reading.
    const auto chunked = call(HttpCall{
        "POST", "/api/files?name=big.csv", big, {cookie_header(alice), "Transfer-Encoding: chunked"}});
    EXPECT_EQ(chunked.status, 413) << chunked.body << chunked.error;
    EXPECT_FALSE(fs::exists(data_dir_ / "users" / "alice" / "big.csv"));
    EXPECT_EQ(upload_as(alice, "small.csv", std::string(1000, 'x')).status, 201);
}

class ApiJobLimits : public SharedModeTest {
protected:
    void more(server::ServerOptions& options) override {
        options.clickhouse_allow.push_back("127.0.0.1:" + std::to_string(witness_.port()));
        options.max_jobs_per_user = 1;
    }
    /// A ClickHouse "server" that accepts and never answers: a job against it stays running.
    ConnectRecorder witness_;
};

TEST_F(ApiJobLimits, RefusesJobsOverThePerUserLimit) {
    const auto cookie = sign_in_with_token();
    write_file(data_dir_ / "a.csv", "x\n1\n");
    const auto body = R"({"source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "clickhouse",
        "connection": )" +
                      connection_to(witness_.port()) + R"(, "table": "t"}, "again": true})";
    const auto first = post_as(cookie, "/api/jobs", body);
    ASSERT_EQ(first.status, 201) << first.body;
    const auto second = post_as(cookie, "/api/jobs", body);
    EXPECT_EQ(second.status, 429) << second.body;
    EXPECT_EQ(error_kind(second), "limit");
    EXPECT_NE(second.body.find("--max-jobs-per-user 1"), std::string::npos) << second.body;

    // Once the first has finished, the next is accepted.
    const std::string id(parse(first.body).at("id").as_string());
    while (witness_.accepted() == 0) {
        std::this_thread::sleep_for(20ms);
    }
    witness_.close_clients();
    EXPECT_EQ(parse(wait_for_job_as(cookie, id)).at("status"), "failed");
    const auto third = post_as(cookie, "/api/jobs", body);
    EXPECT_EQ(third.status, 201) << third.body;
    witness_.close_clients();
    while (parse(get_as(cookie, "/api/jobs/" + std::string(parse(third.body).at("id").as_string())).body)
               .at("status") != "failed") {
        witness_.close_clients();
        std::this_thread::sleep_for(20ms);
    }
}

class ApiServerJobLimits : public SharedModeTest {
protected:
    void more(server::ServerOptions& options) override {
        options.clickhouse_allow.push_back("127.0.0.1:" + std::to_string(witness_.port()));
        options.max_running_jobs = 1;
        options.max_jobs = 2;
    }
    ConnectRecorder witness_;
};

TEST_F(ApiServerJobLimits, QueuesOverTheRunningLimitAndRefusesOverTheTotal) {
    const auto cookie = sign_in_with_token();
    write_file(data_dir_ / "a.csv", "x\n1\n");
    const auto body = R"({"source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "clickhouse",
        "connection": )" +
                      connection_to(witness_.port()) + R"(, "table": "t"}, "again": true})";
    const auto first = post_as(cookie, "/api/jobs", body);
    ASSERT_EQ(first.status, 201) << first.body;
    const auto second = post_as(cookie, "/api/jobs", body);
    ASSERT_EQ(second.status, 201) << second.body;
    const std::string first_id(parse(first.body).at("id").as_string());
    const std::string second_id(parse(second.body).at("id").as_string());
    while (witness_.accepted() == 0) {
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(parse(get_as(cookie, "/api/jobs/" + first_id).body).at("status"), "running");
    EXPECT_EQ(parse(get_as(cookie, "/api/jobs/" + second_id).body).at("status"), "queued")
        << "--max-running-jobs 1";
    const auto third = post_as(cookie, "/api/jobs", body);
    EXPECT_EQ(third.status, 429) << third.body;
    EXPECT_EQ(error_kind(third), "limit");
    EXPECT_NE(third.body.find("--max-jobs 2"), std::string::npos) << third.body;

    // Let both fail (the witness hangs up), then the server takes jobs again.
    for (const auto& id : {first_id, second_id}) {
        while (parse(get_as(cookie, "/api/jobs/" + id).body).at("status") != "failed") {
            witness_.close_clients();
            std::this_thread::sleep_for(20ms);
        }
    }
    EXPECT_EQ(post_as(cookie, "/api/jobs",
                      R"({"source": {"kind": "file", "path": "a.csv"}, "target": {"kind":
        "clickhouse", "connection": )" +
                          connection_json() + R"(, "table": "missing"}})")
                  .status,
              201);
}

} // namespace
} // namespace ferry::test
