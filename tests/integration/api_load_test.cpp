/// Load through the API: eight jobs at once in both directions finish with exact counts while the server
/// keeps answering, and a hundred previews in a row leave no threads or memory behind.

#include <boost/json.hpp>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "api_support.h"

namespace ferry::test {
namespace {

namespace json = boost::json;

std::size_t thread_count() {
    std::size_t count = 0;
    if (DIR* dir = opendir("/proc/self/task")) {
        while (const dirent* entry = readdir(dir)) {
            count += entry->d_name[0] != '.';
        }
        closedir(dir);
    }
    return count;
}

std::size_t resident_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stoul(line.substr(6));
        }
    }
    return 0;
}

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class ApiLoad : public ApiTest {
protected:
    std::string table_endpoint(const std::string& table, const std::string& extra = "") {
        return R"({"kind": "clickhouse", "connection": )" + connection_json() + R"(, "table": ")" + table +
               "\"" + extra + "}";
    }
    std::string submit(const std::string& body) {
        const auto result = post("/api/jobs", body);
        EXPECT_EQ(result.status, 201) << result.body;
        return result.status == 201 ? std::string(json::parse(result.body).at("id").as_string()) : "";
    }
};

TEST_F(ApiLoad, EightMixedJobsAtOnceAllCompleteWithExactCounts) {
    constexpr int kRows = 100000;
    query("CREATE TABLE src (id UInt64, name String, amount Float64) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO src SELECT number, concat('name ', toString(number)), number / 7 FROM system.numbers "
          "LIMIT " +
          std::to_string(kRows));
    for (int i = 0; i < 4; ++i) {
        std::string csv = "id,name,amount\n";
        for (int row = 0; row < kRows; ++row) {
            csv +=
                std::to_string(row) + ",\"n, " + std::to_string(i) + "\"," + std::to_string(row * 0.5) + "\n";
        }
        write_file(data_dir_ / ("in" + std::to_string(i) + ".csv"), csv);
    }

    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) {
        const auto n = std::to_string(i);
        ids.push_back(submit(R"({"source": {"kind": "file", "path": "in)" + n + R"(.csv"}, "target": )" +
                             table_endpoint("dst" + n, R"(, "create": true)") + "}"));
        ids.push_back(submit(R"({"source": )" + table_endpoint("src") +
                             R"(, "target": {"kind": "file", "path": "out)" + n + R"(.csv"}})"));
    }

    // The server keeps answering other requests while the jobs run.
    std::size_t answered_while_busy = 0;
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const auto jobs = get("/api/jobs");
        ASSERT_EQ(jobs.status, 200);
        if (jobs.body.find("\"running\"") == std::string::npos &&
            jobs.body.find("\"queued\"") == std::string::npos) {
            break;
        }
        ASSERT_EQ(get("/api/files").status, 200);
        ++answered_while_busy;
    }
    EXPECT_GT(answered_while_busy, 0u);

    for (const auto& id : ids) {
        const auto job = json::parse(wait_for_job(id)).as_object();
        ASSERT_EQ(job.at("status"), "completed") << json::serialize(job);
        EXPECT_EQ(job.at("rows").to_number<std::int64_t>(), kRows) << json::serialize(job);
    }
    const std::string expected_sum = std::to_string(static_cast<long long>(kRows) * (kRows - 1) / 2);
    for (int i = 0; i < 4; ++i) {
        const auto n = std::to_string(i);
        EXPECT_EQ(query("SELECT count(), sum(id) FROM dst" + n + " FORMAT TabSeparated"),
                  std::to_string(kRows) + "\t" + expected_sum + "\n");
        const auto file = read_file(data_dir_ / ("out" + n + ".csv"));
        EXPECT_EQ(count_lines(file), static_cast<std::size_t>(kRows) + 1);
        EXPECT_EQ(file.substr(0, file.find('\n')), "id,name,amount");
    }
}

TEST_F(ApiLoad, HundredRapidPreviewsLeakNeitherThreadsNorMemory) {
    query("CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t SELECT number, toString(number) FROM system.numbers LIMIT 1000");
    std::string csv = "a,b\n";
    for (int i = 0; i < 1000; ++i) {
        csv += std::to_string(i) + ",x\n";
    }
    write_file(data_dir_ / "p.csv", csv);
    const auto file_preview = R"({"source": {"kind": "file", "path": "p.csv"}, "limit": 100})";
    const auto table_preview = R"({"source": )" + table_endpoint("t") + R"(, "limit": 100})";
    auto run = [&](int times) {
        for (int i = 0; i < times; ++i) {
            const auto result = post("/api/preview", i % 2 ? file_preview : table_preview);
            ASSERT_EQ(result.status, 200) << result.body;
            ASSERT_EQ(json::parse(result.body).at("rows").as_array().size(), 100u);
        }
    };
    run(20); // warm up pools and caches
    const auto threads_before = thread_count();
    const auto rss_before = resident_kib();
    run(100);
    EXPECT_LE(thread_count(), threads_before);
    EXPECT_LT(resident_kib(), rss_before + 16 * 1024) << "resident memory grew by more than 16 MiB";
}

} // namespace
} // namespace ferry::test
