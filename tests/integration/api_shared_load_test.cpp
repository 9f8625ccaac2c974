/// Load on a shared `ferry serve --auth users`: twenty people signed in at once, eight of their jobs
/// running together and a hundred previews from four threads. Every count is exact, everyone sees only
/// their own jobs, and the server keeps no thread, file descriptor or memory from the previews (measured
/// on the server process, as api_load_test measures its in-process server). Prints the p95 latency of
/// the API calls; no timed assertion.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api_support.h"
#include "support/clickhouse_fixture.h"
#include "support/serve_process.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kUsers = 20;
constexpr int kJobs = 8;
constexpr int kPreviews = 100;
constexpr int kJobRows = 50000;

std::size_t entries(const fs::path& dir) {
    std::size_t count = 0;
    if (DIR* d = opendir(dir.c_str())) {
        while (const dirent* entry = readdir(d)) {
            count += entry->d_name[0] != '.';
        }
        closedir(d);
    }
    return count;
}

std::size_t resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stoul(line.substr(6));
        }
    }
    return 0;
}

std::string user_name(int i) {
    char name[16];
    std::snprintf(name, sizeof name, "user%02d", i);
    return name;
}

/// Every API call's latency, from any thread.
class Latencies {
public:
    void add(std::chrono::steady_clock::duration d) {
        const std::lock_guard lock(mutex_);
        ms_.push_back(std::chrono::duration<double, std::milli>(d).count());
    }
    double percentile(double p) {
        const std::lock_guard lock(mutex_);
        if (ms_.empty()) {
            return 0;
        }
        std::sort(ms_.begin(), ms_.end());
        return ms_[std::min(ms_.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms_.size())))];
    }
    std::size_t count() {
        const std::lock_guard lock(mutex_);
        return ms_.size();
    }

private:
    std::mutex mutex_;
    std::vector<double> ms_;
};

class ApiSharedLoad : public ClickHouseTest {
protected:
    void SetUp() override {
        ClickHouseTest::SetUp();
        dir_ = scratch("shared");
        fs::create_directories(dir_ / "data");
        fs::create_directories(dir_ / "web");
        write_file(dir_ / "web" / "index.html", "<!doctype html><title>Ferry</title>");
        const auto users = dir_ / "users";
        for (int i = 0; i < kUsers; ++i) {
            const auto added = run_command("printf '%s\\n' " + shell_quote(password(i)) + " | " +
                                           std::string(FERRY_BINARY) + " users add " +
                                           shell_quote(users.string()) + " " + user_name(i));
            ASSERT_EQ(added.exit_code, 0) << added.err;
        }
        const auto port = free_loopback_port();
        const std::string command = std::string(FERRY_BINARY) + " serve --listen 127.0.0.1:" + std::to_string(port) +
                                    " --max-running-jobs " + std::to_string(kJobs) + " --auth users " + shell_quote(users.string()) +
                                    " --clickhouse-allow 127.0.0.1:" +
                                    std::to_string(ClickHouseServer::http_port()) + " --data-dir " +
                                    shell_quote((dir_ / "data").string()) + " --web-dir " +
                                    shell_quote((dir_ / "web").string());
        ASSERT_EQ(ferry_.start(command, dir_ / "ferry.log"), "");
        base_ = "http://127.0.0.1:" + std::to_string(port);
    }

    void TearDown() override {
        ferry_.stop();
        ClickHouseTest::TearDown();
    }

    static std::string password(int i) { return "pass phrase of " + user_name(i); }

    HttpResult call(const std::string& cookie, HttpCall c) {
        if (!cookie.empty()) {
            c.headers.push_back("Cookie: " + cookie);
        }
        const auto start = std::chrono::steady_clock::now();
        auto result = http(base_, c);
        const auto took = std::chrono::steady_clock::now() - start;
        // Sign-in is slow on purpose (an Argon2id hash per attempt): reported on its own.
        (c.path == "/api/session" && c.method == "POST" ? sign_ins_ : c.path == "/api/preview" ? previews_ : others_)
            .add(took);
        return result;
    }
    HttpResult get(const std::string& cookie, const std::string& path) { return call(cookie, {"GET", path, "", {}}); }
    HttpResult post(const std::string& cookie, const std::string& path, const std::string& body) {
        return call(cookie, {"POST", path, body, {"Content-Type: application/json"}});
    }

    /// Signs user i in and returns "ferry_session=..." for the Cookie header.
    std::string sign_in(int i) {
        const auto result = post("", "/api/session",
                                 R"({"user": ")" + user_name(i) + R"(", "password": ")" + password(i) + R"("})");
        EXPECT_EQ(result.status, 200) << result.body;
        const auto& cookie = result.headers.count("set-cookie") ? result.headers.at("set-cookie") : std::string();
        EXPECT_EQ(cookie.rfind("ferry_session=", 0), 0u) << cookie;
        return cookie.substr(0, cookie.find(';'));
    }

    std::string connection_json() const {
        return R"({"host": "127.0.0.1", "port": )" + std::to_string(ClickHouseServer::http_port()) +
               R"(, "secure": false, "database": ")" + database_ + R"(", "user": "default"})";
    }

    json::object wait_for_job(const std::string& cookie, const std::string& id) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto result = get(cookie, "/api/jobs/" + id);
            EXPECT_EQ(result.status, 200) << result.body;
            if (result.status != 200) {
                return {};
            }
            auto job = json::parse(result.body).as_object();
            if (job.at("status") != "running" && job.at("status") != "queued") {
                return job;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "job " << id << " did not finish";
        return {};
    }

    fs::path dir_;
    std::string base_;
    ServeProcess ferry_;
    Latencies sign_ins_;
    Latencies previews_;
    Latencies others_;
};

TEST_F(ApiSharedLoad, TwentyUsersEightJobsHundredPreviewsExactAndLeakFree) {
    // Twenty people sign in; each is who the server says.
    std::vector<std::string> cookies;
    for (int i = 0; i < kUsers; ++i) {
        cookies.push_back(sign_in(i));
    }
    ASSERT_FALSE(HasFailure());
    for (int i = 0; i < kUsers; ++i) {
        const auto session = get(cookies[i], "/api/session");
        ASSERT_EQ(session.status, 200) << session.body;
        EXPECT_EQ(json::parse(session.body).at("user").as_string(), user_name(i));
    }

    // Each uploads a file of their own under the same name; the contents differ by user.
    auto file_of = [](int user, int rows) {
        std::string csv = "id,user,amount\n";
        for (int row = 1; row <= rows; ++row) {
            csv += std::to_string(row) + "," + user_name(user) + "," + std::to_string(row % 97) + ".5\n";
        }
        return csv;
    };
    for (int i = 0; i < kUsers; ++i) {
        const auto rows = i < kJobs ? kJobRows : 1000;
        const auto upload = call(cookies[i], {"POST", "/api/files?name=mine.csv", file_of(i, rows),
                                              {"Content-Type: application/octet-stream"}});
        ASSERT_EQ(upload.status, 201) << upload.body;
    }
    for (int i = 0; i < kUsers; ++i) {
        const auto files = get(cookies[i], "/api/files");
        ASSERT_EQ(files.status, 200);
        const auto parsed = json::parse(files.body);
        const auto& list = parsed.at("files").as_array();
        ASSERT_EQ(list.size(), 1u) << user_name(i) << " sees " << files.body;
        EXPECT_EQ(list[0].at("size").to_number<std::int64_t>(),
                  static_cast<std::int64_t>(file_of(i, i < kJobs ? kJobRows : 1000).size()));
    }

    // Eight users start an import at the same moment, each into their own table.
    std::vector<std::string> ids(kJobs);
    {
        std::vector<std::thread> starters;
        for (int i = 0; i < kJobs; ++i) {
            starters.emplace_back([&, i] {
                const auto result = post(cookies[i], "/api/jobs",
                                         R"({"source": {"kind": "file", "path": "mine.csv"}, "target": {"kind": )"
                                         R"("clickhouse", "connection": )" +
                                             connection_json() + R"(, "table": "t_)" + user_name(i) +
                                             R"(", "create": true}})");
                EXPECT_EQ(result.status, 201) << result.body;
                if (result.status == 201) {
                    ids[i] = std::string(json::parse(result.body).at("id").as_string());
                }
            });
        }
        for (auto& t : starters) {
            t.join();
        }
    }
    ASSERT_FALSE(HasFailure());
    for (int i = 0; i < kJobs; ++i) {
        const auto job = wait_for_job(cookies[i], ids[i]);
        ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
        EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), kJobRows);
        EXPECT_EQ(query("SELECT count(), sum(id), uniqExact(user), any(user) FROM t_" + user_name(i) +
                        " FORMAT TabSeparated"),
                  std::to_string(kJobRows) + "\t" + std::to_string(static_cast<long long>(kJobRows) * (kJobRows + 1) / 2) +
                      "\t1\t" + user_name(i) + "\n");
    }
    // Each sees exactly their own job; nobody else's id opens.
    for (int i = 0; i < kUsers; ++i) {
        const auto jobs = get(cookies[i], "/api/jobs");
        ASSERT_EQ(jobs.status, 200);
        const auto parsed = json::parse(jobs.body);
        const auto& list = parsed.is_array() ? parsed.as_array() : parsed.at("jobs").as_array();
        ASSERT_EQ(list.size(), i < kJobs ? 1u : 0u) << user_name(i) << ": " << jobs.body;
        if (i < kJobs) {
            EXPECT_EQ(list[0].at("id").as_string(), ids[i]);
        }
        const auto other = get(cookies[i], "/api/jobs/" + ids[(i + 1) % kJobs]);
        EXPECT_TRUE(other.status == 403 || other.status == 404) << user_name(i) << " opened another's job";
    }

    // Previews from four threads, after a warm-up; then the server holds what it held before.
    query("CREATE TABLE shared_t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO shared_t SELECT number, toString(number) FROM system.numbers LIMIT 1000");
    const auto file_preview = R"({"source": {"kind": "file", "path": "mine.csv"}, "limit": 100})";
    const auto table_preview = R"({"source": {"kind": "clickhouse", "connection": )" + connection_json() +
                               R"(, "table": "shared_t"}, "limit": 100})";
    auto previews = [&](int count, int threads) {
        std::vector<std::thread> workers;
        for (int w = 0; w < threads; ++w) {
            workers.emplace_back([&, w] {
                for (int n = w; n < count; n += threads) {
                    const auto& cookie = cookies[n % kUsers];
                    const auto result = post(cookie, "/api/preview", n % 2 ? file_preview : table_preview);
                    EXPECT_EQ(result.status, 200) << result.body;
                    if (result.status == 200) {
                        EXPECT_EQ(json::parse(result.body).at("rows").as_array().size(), 100u);
                    }
                }
            });
        }
        for (auto& t : workers) {
            t.join();
        }
    };
    // The warm-up is a full run, so that the allocator's arenas have their working size; the measured run is
    // four hundred calls, so that a leak of 64 KiB a call (a lost batch of rows) fails the bound below, while
    // a busy machine's swing (measured up to 16 MiB with other builds running) does not.
    previews(kPreviews, 4);
    const auto proc = fs::path("/proc") / std::to_string(ferry_.pid());
    const auto threads_before = entries(proc / "task");
    const auto fds_before = entries(proc / "fd");
    const auto rss_before = resident_kib(ferry_.pid());
    previews(4 * kPreviews, 4);
    ASSERT_FALSE(HasFailure());
    // Connections the clients just closed may take a moment to be closed on the server's side too.
    std::size_t fds_after = entries(proc / "fd");
    for (int i = 0; i < 50 && fds_after > fds_before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        fds_after = entries(proc / "fd");
    }
    const auto threads_after = entries(proc / "task");
    const auto rss_after = resident_kib(ferry_.pid());
    EXPECT_LE(threads_after, threads_before);
    EXPECT_LE(fds_after, fds_before);
    EXPECT_LT(rss_after, rss_before + 24 * 1024) << "resident memory grew by more than 24 MiB";

    auto report = [](const char* what, Latencies& l) {
        std::printf("[ shared load ] %-40s %4zu calls: p50 %6.1f ms, p95 %6.1f ms, max %6.1f ms\n", what, l.count(),
                    l.percentile(0.50), l.percentile(0.95), l.percentile(1.0));
    };
    report("sign-in (POST /api/session, Argon2id)", sign_ins_);
    report("previews (4 threads, 100 rows each)", previews_);
    report("other API calls (during 8 jobs)", others_);
    std::printf("[ shared load ] server threads %zu -> %zu, fds %zu -> %zu, RSS %zu -> %zu KiB\n", threads_before,
                threads_after, fds_before, fds_after, rss_before, rss_after);
}

} // namespace
} // namespace ferry::test
