#include "support/server_reaper.h"

#include <signal.h>

#include <cerrno>
#include <cctype>
#include <string>

#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace fs = std::filesystem;

namespace {

std::string script(const std::string& name) { return std::string(FERRY_SOURCE_DIR) + "/scripts/" + name; }

bool process_exists(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace

std::optional<long> fixture_owner(std::string_view name) {
    for (const std::string_view prefix : {"ferry_ch_private_", "ferry_ch_", "ferry_cluster_"}) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        const std::string_view rest = name.substr(prefix.size());
        std::size_t digits = 0;
        while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
            ++digits;
        }
        // ferry_ch_<pid>_<random>, ferry_ch_private_<pid>_<random>, ferry_cluster_<pid>.
        const bool cluster = prefix == std::string_view("ferry_cluster_");
        if (digits == 0 || digits > 9 || (cluster ? digits != rest.size() : rest.substr(digits, 1) != "_")) {
            return std::nullopt;
        }
        return std::stol(std::string(rest.substr(0, digits)));
    }
    return std::nullopt;
}

std::vector<fs::path> reap_servers_of_dead_runs(const fs::path& temp) {
    std::vector<fs::path> reaped;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(temp, ec)) {
        const std::string name = entry.path().filename().string();
        const auto owner = fixture_owner(name);
        if (!owner || !entry.is_directory(ec) || process_exists(*owner)) {
            continue;
        }
        // A server directory has a pid file; a cluster's has one per server and ZooKeeper's own.
        for (const auto& dir : fs::recursive_directory_iterator(entry.path(), ec)) {
            if (dir.is_directory(ec) && fs::exists(dir.path() / "config.xml", ec)) {
                run_command(script("clickhouse-server.sh") + " stop " + shell_quote(dir.path().string()));
            }
        }
        if (fs::exists(entry.path() / "zk", ec)) {
            run_command(script("zookeeper.sh") + " stop " + shell_quote((entry.path() / "zk").string()));
        }
        if (fs::exists(entry.path() / "config.xml", ec)) {
            run_command(script("clickhouse-server.sh") + " stop " + shell_quote(entry.path().string()));
        }
        fs::remove_all(entry.path(), ec);
        reaped.push_back(entry.path());
    }
    return reaped;
}

} // namespace ferry::test
