/// docs/deploy.md as an operator follows it: `ferry serve` started with the ExecStart line of
/// docs/deploy/ferry.service, behind nginx running docs/deploy/nginx-ferry.conf (scripts/ferry-proxy.sh:
/// real TLS with a private CA). Through the proxy a person signs in, uploads a file larger than nginx's
/// default body limit, runs an import whose progress events arrive one by one while it runs (not
/// buffered to the end), downloads an export, and signs out; the counts are read back from ClickHouse.
/// The unit file itself is checked with systemd-analyze (running it needs systemd as PID 1).

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/clickhouse_fixture.h"
#include "support/serve_process.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path kSource = FERRY_SOURCE_DIR;

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The ExecStart command of a unit file, continuation lines joined.
std::string exec_start(const std::string& unit) {
    const auto at = unit.find("\nExecStart=");
    if (at == std::string::npos) {
        return "";
    }
    std::string command;
    std::istringstream lines(unit.substr(at + 11));
    for (std::string line; std::getline(lines, line);) {
        const bool more = !line.empty() && line.back() == '\\';
        if (more) {
            line.pop_back();
        }
        command += line;
        if (!more) {
            break;
        }
    }
    return command;
}

/// Replaces each example value; a value the document no longer has is a failure (the test and the doc drifted).
std::string render(std::string text, const std::vector<std::pair<std::string, std::string>>& swaps) {
    for (const auto& [from, to] : swaps) {
        EXPECT_TRUE(contains(text, from)) << "docs/deploy/ferry.service no longer has '" << from << "'";
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    }
    return text;
}

// --- A small HTTPS client: the private CA, cookies by hand, and when each piece of the body arrived. ---

struct Chunk {
    std::chrono::steady_clock::time_point at;
    std::string text;
};

struct Reply {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers; ///< lower-case names
    std::vector<std::string> set_cookies;
    std::vector<Chunk> chunks;
    long http_version = 0;
    std::string error;
};

struct Call {
    Call(std::string method_, std::string path_, std::string body_ = "", std::vector<std::string> headers_ = {})
        : method(std::move(method_)), path(std::move(path_)), body(std::move(body_)), headers(std::move(headers_)) {}
    std::string method;
    std::string path;
    std::string body;
    std::vector<std::string> headers;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& reply = *static_cast<Reply*>(user);
    reply.body.append(data, size * count);
    reply.chunks.push_back({std::chrono::steady_clock::now(), std::string(data, size * count)});
    return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& reply = *static_cast<Reply*>(user);
    std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of("\r\n \t") + 1);
        if (name == "set-cookie") {
            reply.set_cookies.push_back(value);
        }
        reply.headers[name] = value;
    }
    return size * count;
}

/// The proxy's name in these tests; like DNS would, every request resolves it to 127.0.0.1.
constexpr const char* kPublicName = "ferry.test";

Reply send(const std::string& base, const fs::path& ca, const Call& call, int port) {
    Reply reply;
    CURL* curl = curl_easy_init();
    const std::string resolve_entry = std::string(kPublicName) + ":" + std::to_string(port) + ":127.0.0.1";
    curl_slist* resolve = curl_slist_append(nullptr, resolve_entry.c_str());
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
    // As a browser does: nginx may compress, and a compressing proxy can hold events back.
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_slist* headers = nullptr;
    for (const auto& header : call.headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    const std::string url = base + call.path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 180L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        reply.error = curl_easy_strerror(code);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &reply.http_version);
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
    curl_easy_cleanup(curl);
    return reply;
}

/// "ferry_session=...": the cookie's name and value out of a Set-Cookie, for the Cookie header.
std::optional<std::string> session_cookie(const Reply& reply) {
    for (const auto& cookie : reply.set_cookies) {
        if (cookie.rfind("ferry_session=", 0) == 0) {
            return cookie.substr(0, cookie.find(';'));
        }
    }
    return std::nullopt;
}

class DeployProxyTest : public ClickHouseTest {
protected:
    static void SetUpTestSuite() {
        if (run_command("command -v nginx || test -x /usr/sbin/nginx").exit_code != 0) {
            skip_reason_ = "nginx is not installed";
        }
    }

    void SetUp() override {
        if (skip_reason_) {
            GTEST_SKIP() << *skip_reason_;
        }
        ClickHouseTest::SetUp();
        dir_ = scratch("deploy");
        fs::create_directories(dir_ / "data");
        fs::create_directories(dir_ / "web");
        write_file(dir_ / "web" / "index.html", "<!doctype html><title>Ferry</title>");

        // Step 2 of docs/deploy.md: a users file made with `ferry users add`, the password on stdin.
        const auto users = dir_ / "users";
        const auto added = run_command("printf '%s\\n' " + shell_quote(kPassword) + " | " +
                                       std::string(FERRY_BINARY) + " users add " + shell_quote(users.string()) +
                                       " alice");
        ASSERT_EQ(added.exit_code, 0) << added.err;
        ASSERT_FALSE(contains(read_text(users), kPassword)) << "the users file holds the password itself";

        // nginx first (it answers 502 until Ferry is up): Ferry's --public-url needs the proxy's port.
        const auto ferry_port = free_loopback_port();
        const auto proxy = run_command(kSource.string() + "/scripts/ferry-proxy.sh start " +
                                       shell_quote((dir_ / "nginx").string()) + " " + std::to_string(ferry_port));
        ASSERT_EQ(proxy.exit_code, 0) << proxy.err;
        proxy_port_ = std::stoi(proxy.out);
        proxy_started_ = true;
        base_ = "https://" + std::string(kPublicName) + ":" + std::to_string(proxy_port_);
        ca_ = dir_ / "nginx" / "ca.pem";

        // Step 3: the unit's own command line, with this machine's paths and ports.
        const auto command = render(
            exec_start(read_text(kSource / "docs/deploy/ferry.service")),
            {{"/usr/local/bin/ferry", FERRY_BINARY},
             {"127.0.0.1:8090", "127.0.0.1:" + std::to_string(ferry_port)},
             {"https://ferry.example.com", base_},
             {"%d/users", users.string()},
             {"clickhouse.internal:8443", "127.0.0.1:" + std::to_string(ClickHouseServer::http_port())},
             {"/usr/local/share/ferry/web", (dir_ / "web").string()},
             {"/var/lib/ferry", (dir_ / "data").string()}});
        ASSERT_FALSE(command.empty()) << "no ExecStart in docs/deploy/ferry.service";
        const auto failure = ferry_.start(command, dir_ / "ferry.log");
        ASSERT_EQ(failure, "") << command;
    }

    void TearDown() override {
        ferry_.stop();
        if (proxy_started_) {
            run_command(kSource.string() + "/scripts/ferry-proxy.sh stop " + shell_quote((dir_ / "nginx").string()));
        }
        if (client_) {
            ClickHouseTest::TearDown();
        }
    }

    Reply call(Call c) {
        // What a browser on the public URL sends with every request.
        c.headers.push_back("Origin: " + base_);
        if (cookie_) {
            c.headers.push_back("Cookie: " + *cookie_);
        }
        return send(base_, ca_, c, proxy_port_);
    }

    Reply post_json(const std::string& path, const std::string& body) {
        return call({"POST", path, body, {"Content-Type: application/json"}});
    }

    std::string connection_json() const {
        return R"({"host": "127.0.0.1", "port": )" + std::to_string(ClickHouseServer::http_port()) +
               R"(, "secure": false, "database": ")" + database_ + R"(", "user": "default"})";
    }

    json::object wait_for_job(const std::string& id) {
        for (int i = 0; i < 1200; ++i) {
            const auto reply = call({"GET", "/api/jobs/" + id});
            EXPECT_EQ(reply.status, 200) << reply.body;
            auto job = json::parse(reply.body).as_object();
            if (job.at("status") != "running" && job.at("status") != "queued") {
                return job;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "job " << id << " did not finish";
        return {};
    }

    static constexpr const char* kPassword = "correct horse battery staple";
    static inline std::optional<std::string> skip_reason_;
    fs::path dir_;
    fs::path ca_;
    int proxy_port_ = 0;
    bool proxy_started_ = false;
    std::string base_;
    std::optional<std::string> cookie_;
    ServeProcess ferry_;
};

TEST_F(DeployProxyTest, SignInUploadImportWithLiveProgressAndExportThroughNginx) {
    // Not signed in: 401 naming the sign-in mode, not cacheable.
    auto reply = call({"GET", "/api/session"});
    ASSERT_EQ(reply.error, "");
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_EQ(json::parse(reply.body).at("auth").at("mode"), "users") << reply.body;
    EXPECT_TRUE(contains(reply.headers["cache-control"], "no-store")) << reply.headers["cache-control"];
    EXPECT_EQ(call({"GET", "/api/jobs"}).status, 401);
    EXPECT_EQ(reply.http_version, CURL_HTTP_VERSION_2_0) << "nginx serves HTTP/2 (listen ... http2)";

    // A wrong password, then the right one: a Secure, HttpOnly, SameSite=Strict session cookie.
    EXPECT_EQ(post_json("/api/session", R"({"user": "alice", "password": "wrong"})").status, 401);
    reply = post_json("/api/session", R"({"user": "alice", "password": ")" + std::string(kPassword) + R"("})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    cookie_ = session_cookie(reply);
    ASSERT_TRUE(cookie_) << "no ferry_session cookie";
    const auto& set_cookie = reply.set_cookies.front();
    EXPECT_TRUE(contains(set_cookie, "HttpOnly")) << set_cookie;
    EXPECT_TRUE(contains(set_cookie, "Secure")) << set_cookie;
    EXPECT_TRUE(contains(set_cookie, "SameSite=Strict")) << set_cookie;
    reply = call({"GET", "/api/session"});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(json::parse(reply.body).at("user"), "alice");

    // Upload 3 MB (nginx's default limit is 1 MB) through the proxy.
    constexpr int kRows = 150000;
    std::string csv = "id,name,amount\n";
    long long expected_sum = 0;
    for (int i = 1; i <= kRows; ++i) {
        csv += std::to_string(i) + ",name " + std::to_string(i) + "," + std::to_string(i % 1000) + ".25\n";
        expected_sum += i;
    }
    reply = call({"POST", "/api/files?name=people.csv", csv, {"Content-Type: application/octet-stream"}});
    ASSERT_EQ(reply.status, 201) << reply.body;

    // The import, followed over server-sent events through nginx.
    reply = post_json("/api/jobs", R"({"source": {"kind": "file", "path": "people.csv"}, "target": {"kind": )"
                                   R"("clickhouse", "connection": )" +
                                       connection_json() + R"(, "table": "people", "create": true}})");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const std::string id(json::parse(reply.body).at("id").as_string());
    const auto events = call({"GET", "/api/jobs/" + id + "/events", "", {"Accept: text/event-stream"}});
    ASSERT_EQ(events.status, 200) << events.body;
    EXPECT_TRUE(contains(events.headers.at("content-type"), "text/event-stream"));
    ASSERT_TRUE(contains(events.body, "event: done")) << events.body;
    // Each event was handed on as it came: the first progress event arrived in its own, small piece of
    // the stream before the end. Buffered by the proxy, the stream comes in 4 KiB+ pieces or all at the end.
    std::size_t before_first_progress = 0;
    std::optional<std::size_t> first_progress;
    for (std::size_t i = 0; i < events.chunks.size(); ++i) {
        if (contains(events.chunks[i].text, "event: progress")) {
            first_progress = i;
            break;
        }
        before_first_progress += events.chunks[i].text.size();
    }
    ASSERT_TRUE(first_progress) << "no progress event passed through:\n" << events.body;
    EXPECT_FALSE(contains(events.chunks[*first_progress].text, "event: done"))
        << "progress and the end arrived together: the proxy buffered the event stream";
    EXPECT_LT(before_first_progress + events.chunks[*first_progress].text.size(), 4096u)
        << "the first progress event came in a buffer-sized piece";
    const auto job = wait_for_job(id);
    ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
    EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), kRows);
    EXPECT_EQ(query("SELECT count(), sum(id) FROM people FORMAT TabSeparated"),
              std::to_string(kRows) + "\t" + std::to_string(expected_sum) + "\n");

    // An export, downloaded through the proxy: every row, and the ids add up to what ClickHouse has.
    reply = post_json("/api/jobs", R"({"source": {"kind": "clickhouse", "connection": )" + connection_json() +
                                       R"(, "table": "people"}, "target": {"kind": "file", "path": "people_out.csv"}})");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto exported = wait_for_job(std::string(json::parse(reply.body).at("id").as_string()));
    ASSERT_EQ(exported.at("status"), "completed") << json::serialize(exported);
    const auto download = call({"GET", "/api/files/people_out.csv"});
    ASSERT_EQ(download.status, 200) << download.body.substr(0, 300);
    EXPECT_EQ(static_cast<int>(std::count(download.body.begin(), download.body.end(), '\n')), kRows + 1);
    EXPECT_EQ(download.body.substr(0, download.body.find('\n')), "id,name,amount");
    long long downloaded_sum = 0;
    std::istringstream lines(download.body);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        downloaded_sum += std::stoll(line.substr(0, line.find(',')));
    }
    EXPECT_EQ(downloaded_sum, expected_sum);

    // Sign out: the same cookie no longer opens anything.
    reply = call({"DELETE", "/api/session"});
    EXPECT_EQ(reply.status, 204) << reply.body;
    EXPECT_EQ(call({"GET", "/api/jobs"}).status, 401);
    EXPECT_EQ(call({"GET", "/api/files/people_out.csv"}).status, 401);
}

TEST_F(DeployProxyTest, PlainHttpRedirectsAndOtherHostNamesAreRefused) {
    const auto http_port = read_text(dir_ / "nginx" / "http_port");
    const int plain_port = std::stoi(http_port);
    auto plain = send("http://" + std::string(kPublicName) + ":" + std::to_string(plain_port), ca_,
                            {"GET", "/x?y=1"}, plain_port);
    EXPECT_EQ(plain.status, 301);
    EXPECT_EQ(plain.headers["location"], "https://ferry.test/x?y=1");

    // nginx passes the Host on; Ferry accepts only its --public-url's.
    const auto foreign =
        send(base_, ca_, {"GET", "/api/session", "", {"Host: intranet.example:" + std::to_string(proxy_port_)}}, proxy_port_);
    EXPECT_EQ(foreign.status, 403) << foreign.body;
    const auto own = send(base_, ca_, {"GET", "/", "", {}}, proxy_port_);
    EXPECT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(contains(own.body, "<title>Ferry</title>"));
}

TEST(DeployDocs, SystemdUnitVerifiesAndIsHardened) {
    if (run_command("command -v systemd-analyze").exit_code != 0) {
        GTEST_SKIP() << "systemd-analyze is not installed";
    }
    // verify checks that ExecStart's program exists: point it at this build.
    const auto dir = fs::temp_directory_path() / ("ferry_unit_" + std::to_string(getpid()));
    fs::create_directories(dir);
    const auto unit = dir / "ferry.service";
    {
        std::ofstream out(unit);
        auto text = read_text(kSource / "docs/deploy/ferry.service");
        text.replace(text.find("/usr/local/bin/ferry"), 20, FERRY_BINARY);
        out << text;
    }
    const auto verify = run_command("systemd-analyze verify " + shell_quote(unit.string()));
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    // verify only warns about unknown keys and bad values: any output is a mistake in the unit.
    EXPECT_EQ(verify.out + verify.err, "");
    // Exposure 2.0 or less on systemd's 0-10 scale (the unit scores about 1.1).
    const auto security =
        run_command("systemd-analyze security --offline=yes --threshold=20 " + shell_quote(unit.string()));
    EXPECT_EQ(security.exit_code, 0) << security.out;
    for (const auto* setting : {"DynamicUser=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/ferry",
                                "NoNewPrivileges=yes", "CapabilityBoundingSet=\n"}) {
        EXPECT_TRUE(contains(read_text(unit), setting)) << setting;
    }
    fs::remove_all(dir);
}

} // namespace
} // namespace ferry::test
