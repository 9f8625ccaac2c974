#pragma once
/// Stops the private servers of test runs that died without their tear-down (OOM-killed, crashed, killed by
/// a timeout): their ClickHouse and ZooKeeper daemons outlive them and, on a developer's machine, piled up
/// (9 in one day, some burning 40 % of a core each, which also skewed benchmarks). The fixtures name their
/// directories after the test process (ferry_ch_<pid>_…, ferry_ch_private_<pid>_…, ferry_cluster_<pid>); a
/// directory whose process is gone is stopped and removed. A pid that is alive (possibly reused) is left.

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace ferry::test {

/// The test process a fixture directory belongs to, from its name; nullopt for other names.
std::optional<long> fixture_owner(std::string_view name);

/// Stops and removes the fixture directories under `temp` whose owner process no longer exists; returns them.
std::vector<std::filesystem::path> reap_servers_of_dead_runs(const std::filesystem::path& temp);

} // namespace ferry::test
