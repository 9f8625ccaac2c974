/// The fixture's reaper (support/server_reaper.h): a private server left by a test process that died is
/// stopped and its directory removed; a live process's are left alone.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/clickhouse_fixture.h"
#include "support/server_reaper.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

TEST(ServerReaper, NamesOfFixtureDirectoriesTellTheirProcess) {
    EXPECT_EQ(fixture_owner("ferry_ch_27619_744705960"), 27619);
    EXPECT_EQ(fixture_owner("ferry_ch_private_812_5"), 812);
    EXPECT_EQ(fixture_owner("ferry_cluster_1411"), 1411);
    EXPECT_EQ(fixture_owner("ferry_cluster_test_db1"), std::nullopt); // a test's scratch, not a cluster
    EXPECT_EQ(fixture_owner("ferry_ch_x_1"), std::nullopt);
    EXPECT_EQ(fixture_owner("ferry_cmd_12_3.out"), std::nullopt);
    EXPECT_EQ(fixture_owner("ferry-e2e-abc"), std::nullopt);
}

TEST(ServerReaper, AServerOfADeadRunIsStoppedAndRemovedALiveRunsIsLeft) {
    // A pid that is surely gone: a child that has exited and been waited for.
    const pid_t child = ::fork();
    if (child == 0) {
        ::_exit(0);
    }
    ASSERT_GT(child, 0);
    ::waitpid(child, nullptr, 0);
    const fs::path temp = fs::temp_directory_path();
    const fs::path dead = temp / ("ferry_ch_" + std::to_string(child) + "_1");
    const fs::path alive = temp / ("ferry_ch_" + std::to_string(::getpid()) + "_reaper_test");
    fs::create_directories(alive);
    const auto started =
        run_command(std::string(FERRY_SOURCE_DIR) + "/scripts/clickhouse-server.sh start " + shell_quote(dead.string()));
    ASSERT_EQ(started.exit_code, 0) << started.err;
    std::ifstream pid_file(dead / "pid");
    long server = 0;
    pid_file >> server;
    ASSERT_GT(server, 0);
    ASSERT_EQ(::kill(static_cast<pid_t>(server), 0), 0);

    const auto reaped = reap_servers_of_dead_runs(temp);
    EXPECT_NE(std::find(reaped.begin(), reaped.end(), dead), reaped.end());
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_NE(::kill(static_cast<pid_t>(server), 0), 0) << "the server still runs";
    EXPECT_TRUE(fs::exists(alive)); // this process is alive: its directories stay
    fs::remove_all(alive);
}

} // namespace
} // namespace ferry::test
