/// Faults during transfers: the server stopping mid-import and mid-export, Ctrl-C, a full disk, a query
/// that fails on the server after rows have streamed. Whatever happens, Ferry exits with a clear error (never
/// a signal), the target table keeps exactly the rows it had, no `_ferry_staging_*` table and no
/// `.*.ferry-tmp-*` file stays behind (or, after a server crash, the next import removes the leftovers).
///
/// Long transfers are made slow on the server side, so their length does not depend on the machine: imports
/// go into a table with `MATERIALIZED sleepEachRow(...)` (ClickHouse sleeps on every block of 1M rows and
/// stops reading the body meanwhile), exports read a view of `sleepEachRow(...)` over system.numbers.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/clickhouse_fixture.h"

extern char** environ;

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

/// A `ferry` process running in the background (spawned directly, so signals reach it and not a shell),
/// with stdout and stderr going to files. Killed and reaped on destruction if still running.
class BackgroundFerry {
public:
    BackgroundFerry(const std::vector<std::string>& args, const fs::path& output_dir)
        : out_path_(output_dir / "ferry.out"), err_path_(output_dir / "ferry.err") {
        std::vector<std::string> argv_strings = {FERRY_BINARY};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : argv_strings) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            throw std::runtime_error("cannot spawn " + argv_strings[0]);
        }
        started_ = Clock::now();
    }
    BackgroundFerry(const BackgroundFerry&) = delete;
    BackgroundFerry& operator=(const BackgroundFerry&) = delete;

    ~BackgroundFerry() {
        if (running()) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status_, 0);
        }
    }

    bool running() {
        if (finished_) {
            return false;
        }
        if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
            finished_ = true;
            ended_ = Clock::now();
        }
        return !finished_;
    }

    /// Waits up to `limit` for the process to end; false if it is still running.
    bool wait_for(Clock::duration limit) {
        const auto deadline = Clock::now() + limit;
        while (running()) {
            if (Clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

    void send(int signal) { ::kill(pid_, signal); }

    /// The exit code, or 128 + the signal that killed it (as a shell reports it).
    int exit_code() const { return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_); }
    bool killed_by_signal() const { return WIFSIGNALED(status_); }
    Clock::time_point started() const { return started_; }
    Clock::time_point ended() const { return ended_; }
    std::string out() const { return slurp(out_path_); }
    std::string err() const { return slurp(err_path_); }

private:
    static std::string slurp(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    fs::path out_path_;
    fs::path err_path_;
    pid_t pid_ = -1;
    int status_ = 0;
    bool finished_ = false;
    Clock::time_point started_;
    Clock::time_point ended_;
};

/// Starts the server again when a test ends, however it ends: the rest of the suite needs it.
struct ServerRestart {
    ~ServerRestart() { ClickHouseServer::start(); }
};

/// The server sleeps this long per row of an import into a slow table: 2.6 s per block of 1M rows (its
/// limit is 3 s per block).
constexpr const char* kSlowInsertSleep = "0.0000025";

class FaultTest : public ClickHouseTest {
protected:
    std::unique_ptr<BackgroundFerry> start_ferry(const std::vector<std::string>& args) {
        const std::string port = std::to_string(ClickHouseServer::http_port());
        std::vector<std::string> all = {"--host", "127.0.0.1", "--port", port, "--database", database_};
        all.insert(all.end(), args.begin(), args.end());
        return std::make_unique<BackgroundFerry>(all, scratch_dir_);
    }

    /// Polls `condition` every 50 ms for up to `limit`.
    static bool wait_until(const std::function<bool()>& condition, Clock::duration limit) {
        const auto deadline = Clock::now() + limit;
        while (!condition()) {
            if (Clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(50ms);
        }
        return true;
    }

    int staging_tables() {
        return std::stoi(query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND "
                               "startsWith(name, '_ferry_staging_') FORMAT TabSeparated"));
    }

    /// Queries running on the server whose text contains `needle` (this probe itself excluded).
    int running_queries(const std::string& needle) {
        return std::stoi(query("SELECT count() FROM system.processes WHERE position(query, '" + needle +
                               "') > 0 AND position(query, 'system.processes') = 0 FORMAT TabSeparated"));
    }

    /// Names in `dir` that look like an export's temporary file.
    static std::vector<std::string> temp_files(const fs::path& dir) {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (name.find(".ferry-tmp-") != std::string::npos) {
                names.push_back(name);
            }
        }
        return names;
    }

    /// Writes "id,name" and `rows` rows (about 17 bytes each) quickly.
    static void write_rows_file(const fs::path& path, std::uint64_t rows, std::uint64_t first_id = 0) {
        std::ofstream out(path, std::ios::binary);
        std::string buffer = "id,name\n";
        char digits[24];
        for (std::uint64_t i = first_id; i < first_id + rows; ++i) {
            const auto end = std::to_chars(digits, digits + sizeof(digits), i).ptr;
            buffer.append(digits, end);
            buffer += ",n";
            buffer.append(digits, end);
            buffer += '\n';
            if (buffer.size() > (1 << 20)) {
                out << buffer;
                buffer.clear();
            }
        }
        out << buffer;
    }

    /// A table whose inserts the server slows down by `sleep_per_row` seconds per row, holding two rows.
    void make_slow_target(const std::string& table, const std::string& sleep_per_row) {
        query("CREATE TABLE " + table + " (id UInt64, name String, pause UInt8 MATERIALIZED sleepEachRow(" +
              sleep_per_row + ")) ENGINE = MergeTree ORDER BY id");
        query("INSERT INTO " + table + " (id, name) VALUES (1000000001, 'before'), (1000000002, 'before')");
    }
    std::string table_rows(const std::string& table) {
        return query("SELECT id, name FROM " + table + " ORDER BY id FORMAT TabSeparated");
    }

    void ctrl_c_during_import(const std::vector<std::string>& extra, Clock::duration limit) {
        // 0.5 s of server time per 1M-row block: about 4 s for the whole file.
        make_slow_target("t", "0.0000005");
        const std::string before = table_rows("t");
        const auto file = scratch("big.csv");
        write_rows_file(file, 7'000'000);
        std::vector<std::string> args = {"import", "--table", "t", "--file", file.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        auto ferry_process = start_ferry(args);
        ASSERT_TRUE(wait_until([&] { return running_queries("INSERT INTO `_ferry_staging_") == 1; }, 20s))
            << ferry_process->err();
        std::this_thread::sleep_for(1s);
        ASSERT_TRUE(ferry_process->running()) << "the import ended before Ctrl-C";

        const auto interrupted = Clock::now();
        ferry_process->send(SIGINT);
        ASSERT_TRUE(ferry_process->wait_for(limit)) << "still running after Ctrl-C";
        EXPECT_LE(ferry_process->ended() - interrupted, limit);
        EXPECT_EQ(ferry_process->exit_code(), 130) << ferry_process->err();
        EXPECT_NE(ferry_process->err().find("cancelled"), std::string::npos) << ferry_process->err();
        EXPECT_TRUE(wait_until([&] { return running_queries("INSERT INTO `_ferry_staging_") == 0; }, 2s))
            << "the insert still runs on the server";
        EXPECT_EQ(staging_tables(), 0);
        EXPECT_EQ(table_rows("t"), before);
    }

    /// A view streaming `rows` rows at about 100k rows/s (the server sleeps 10 us per row).
    void make_slow_view(const std::string& view, std::uint64_t rows) {
        query("CREATE VIEW " + view +
              " AS SELECT number, sleepEachRow(0.00001) AS pause FROM system.numbers LIMIT " +
              std::to_string(rows));
    }
};

TEST_F(FaultTest, ServerStoppedMidImportFailsCleanlyAndTheNextImportRemovesTheLeftover) {
    ServerRestart restart;
    make_slow_target("t", kSlowInsertSleep);
    const std::string before = table_rows("t");
    // 7M rows (120 MB) take about 18 s to insert: longer than the 10 s the server gets to stop gracefully
    // (scripts/clickhouse-server.sh sends SIGTERM, then SIGKILL), so the stop cuts the import off.
    const auto file = scratch("big.csv");
    write_rows_file(file, 7'000'000);
    auto ferry_process = start_ferry({"import", "--table", "t", "--file", file.string()});
    ASSERT_TRUE(wait_until([&] { return staging_tables() == 1; }, 20s)) << ferry_process->err();
    ASSERT_TRUE(wait_until([&] { return running_queries("INSERT INTO `_ferry_staging_") == 1; }, 20s));
    std::this_thread::sleep_for(1s);
    ASSERT_TRUE(ferry_process->running()) << "the import ended before the server stopped";

    ClickHouseServer::stop();
    ASSERT_TRUE(ferry_process->wait_for(30s)) << "ferry hangs after the server stopped";
    EXPECT_EQ(ferry_process->exit_code(), 1) << ferry_process->err();
    EXPECT_FALSE(ferry_process->killed_by_signal());
    const std::string endpoint = "127.0.0.1:" + std::to_string(ClickHouseServer::http_port());
    EXPECT_NE(ferry_process->err().find("ClickHouse at " + endpoint), std::string::npos)
        << ferry_process->err();
    EXPECT_EQ(ferry_process->out(), "");

    ClickHouseServer::start();
    EXPECT_EQ(table_rows("t"), before);
    // The staging table could not be dropped while the server was down.
    EXPECT_EQ(staging_tables(), 1);

    // The next import works at once; the leftover goes once it is more than a minute old (younger ones
    // might belong to an import still running elsewhere).
    const auto small = scratch("small.csv");
    write_rows_file(small, 3);
    auto result = ferry("import --table t --file " + small.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // Meanwhile another import has owned a staging table for over a minute, writing a part now and then.
    query("CREATE TABLE _ferry_staging_000000busy0 (id UInt32) ENGINE = MergeTree ORDER BY id");
    std::this_thread::sleep_for(31s);
    query("INSERT INTO _ferry_staging_000000busy0 VALUES (1)");
    std::this_thread::sleep_for(30s);
    write_rows_file(small, 2, 10);
    result = ferry("import --table t --file " + small.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(staging_tables(), 1) << "the idle leftover is dropped, the busy table stays";
    EXPECT_EQ(query("EXISTS TABLE _ferry_staging_000000busy0 FORMAT TabSeparated"), "1\n");
    query("DROP TABLE _ferry_staging_000000busy0");
    EXPECT_EQ(table_rows("t"), "0\tn0\n1\tn1\n2\tn2\n10\tn10\n11\tn11\n" + before);
}

TEST_F(FaultTest, ServerStoppedMidExportKeepsThePreviousFile) {
    ServerRestart restart;
    make_slow_view("v", 5'000'000); // about 50 s
    const auto file = scratch("out.csv");
    write_file(file, "precious\n");
    auto ferry_process = start_ferry({"export", "--table", "v", "--file", file.string()});
    ASSERT_TRUE(wait_until([&] { return running_queries("FROM `v`") == 1; }, 20s)) << ferry_process->err();
    std::this_thread::sleep_for(1s);
    ASSERT_TRUE(ferry_process->running());

    ClickHouseServer::stop();
    ASSERT_TRUE(ferry_process->wait_for(30s)) << "ferry hangs after the server stopped";
    EXPECT_EQ(ferry_process->exit_code(), 1) << ferry_process->err();
    EXPECT_FALSE(ferry_process->killed_by_signal());
    EXPECT_NE(ferry_process->err().find("ClickHouse"), std::string::npos) << ferry_process->err();
    EXPECT_NE(ferry_process->err().find("127.0.0.1:" + std::to_string(ClickHouseServer::http_port())),
              std::string::npos)
        << ferry_process->err();
    EXPECT_EQ(read_file(file), "precious\n");
    EXPECT_EQ(temp_files(scratch_dir_), std::vector<std::string>{});
}

TEST_F(FaultTest, CtrlCDuringExportCancelsWithinTwoSecondsAndKillsTheQuery) {
    make_slow_view("v", 5'000'000);
    const auto file = scratch("out.csv");
    auto ferry_process = start_ferry({"export", "--table", "v", "--file", file.string()});
    ASSERT_TRUE(wait_until([&] { return running_queries("FROM `v`") == 1; }, 20s)) << ferry_process->err();
    // Rows are flowing: the temporary file is there.
    ASSERT_TRUE(wait_until([&] { return !temp_files(scratch_dir_).empty(); }, 10s));
    std::this_thread::sleep_for(1s);
    ASSERT_TRUE(ferry_process->running());

    const auto interrupted = Clock::now();
    ferry_process->send(SIGINT);
    ASSERT_TRUE(ferry_process->wait_for(2s)) << "still running 2 s after Ctrl-C";
    EXPECT_LE(ferry_process->ended() - interrupted, 2s);
    EXPECT_EQ(ferry_process->exit_code(), 130) << ferry_process->err();
    EXPECT_NE(ferry_process->err().find("cancelled"), std::string::npos) << ferry_process->err();
    EXPECT_FALSE(fs::exists(file));
    EXPECT_EQ(temp_files(scratch_dir_), std::vector<std::string>{});
    EXPECT_TRUE(wait_until([&] { return running_queries("FROM `v`") == 0; }, 2s))
        << "the export query still runs on the server";
}

TEST_F(FaultTest, CtrlCDuringImportCancelsWithinTwoSecondsAndKillsTheQuery) {
    ctrl_c_during_import({}, 2s);
}

/// The same through a compressed body (zstd blocks; gzip bodies go through the same stream). Same outcome,
/// but NOT within 2 s on 18.16: it cannot KILL an HTTP INSERT ("it consists of unkillable stages"), so a
/// cancel ends the insert by closing the connection, and the server first processes every row it already
/// received: with this file's 10:1 body that is most of the file (~3.5 s of the table's sleeps), and the
/// staging table can only be dropped after. A known gap (see the issue-10 note), bounded here at 15 s.
TEST_F(FaultTest, CtrlCDuringACompressedImportCancelsAlike) {
    ctrl_c_during_import({"--compression", "zstd"}, 15s);
}

TEST_F(FaultTest, DiskFullDuringExportNamesThePathAndKeepsThePreviousFile) {
    const auto dir = scratch("full");
    fs::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0) {
        GTEST_SKIP() << "cannot mount a 1 MB tmpfs (needs root): " << std::strerror(errno);
    }
    struct Unmount {
        fs::path dir;
        ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
    } unmount{dir};

    // About 14 MB of CSV.
    query("CREATE TABLE t (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO t SELECT number, toString(cityHash64(number)) FROM system.numbers LIMIT 500000");
    const auto file = dir / "out.csv";
    write_file(file, "precious\n");
    const auto result = ferry("export --table t --file " + file.string());
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("cannot write " + file.string() + ": No space left on device"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(read_file(file), "precious\n");
    EXPECT_EQ(temp_files(dir), std::vector<std::string>{});
    // The space is free again: a small export fits.
    query("CREATE TABLE small (id UInt64) ENGINE = MergeTree ORDER BY id");
    query("INSERT INTO small VALUES (1), (2)");
    const auto again = ferry("export --table small --file " + file.string());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(read_file(file), "id\n1\n2\n");
}

TEST_F(FaultTest, ServerErrorAfterRowsStreamedFailsWithItsMessageAndLeavesNoFile) {
    // The server answers HTTP 200 and streams the first 262,144 rows (4 blocks) before the block holding
    // 300000 throws; the exception text then ends the body. Those rows reach the temporary file only.
    query(
        "CREATE VIEW v AS SELECT number, throwIf(number = 300000) AS boom FROM system.numbers LIMIT 1000000");
    const auto file = scratch("out.csv");
    const auto result = ferry("export --table v --file " + file.string());
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("ClickHouse error 395: Value passed to 'throwIf' function is non zero"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_EQ(temp_files(scratch_dir_), std::vector<std::string>{});
}

/// SIGTERM (`timeout`, `kill`, systemd, docker stop) cancels like Ctrl-C: nothing left behind.
TEST_F(FaultTest, SigtermDuringExportCleansUpLikeCtrlC) {
    make_slow_view("v", 5'000'000);
    const auto file = scratch("out.csv");
    auto ferry_process = start_ferry({"export", "--table", "v", "--file", file.string()});
    ASSERT_TRUE(wait_until([&] { return !temp_files(scratch_dir_).empty(); }, 20s)) << ferry_process->err();
    ferry_process->send(SIGTERM);
    ASSERT_TRUE(ferry_process->wait_for(2s));
    EXPECT_FALSE(ferry_process->killed_by_signal());
    EXPECT_EQ(ferry_process->exit_code(), 143) << ferry_process->err();
    EXPECT_EQ(temp_files(scratch_dir_), std::vector<std::string>{});
    EXPECT_TRUE(wait_until([&] { return running_queries("FROM `v`") == 0; }, 2s));
}

} // namespace
} // namespace ferry::test
