#pragma once
/// Integration-test support for cluster targets: a private ZooKeeper and two more clickhouse-server
/// processes on loopback, started on first use and stopped when the test program exits. Their config
/// (DIR/config.d/cluster.xml) declares three clusters:
///   ferry_two_shards   shard 1 = server 0, shard 2 = server 1
///   ferry_one_shard    one shard = server 0
///   ferry_replicated   one shard, replicas server 0 and server 1 (internal_replication)
/// and the macros {shard} = 01, {replica} = r0 / r1 for ReplicatedMergeTree paths.

#include <cstdint>
#include <string>

#include "clickhouse/connection.h"

namespace ferry::test {

class TestCluster {
public:
    static TestCluster& get();
    ~TestCluster();

    std::uint16_t http_port(int server) const { return http_ports_[server]; }
    /// Connection to `server` (0 or 1) with `database` selected.
    clickhouse::Connection connection(int server, const std::string& database = "default") const;
    /// Runs SQL on `server` and returns the body.
    std::string query(int server, const std::string& sql) const;

private:
    TestCluster();
    std::string directory_;
    std::uint16_t http_ports_[2] = {0, 0};
};

} // namespace ferry::test
