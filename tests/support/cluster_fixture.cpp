#include "support/cluster_fixture.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "clickhouse/http_client.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace fs = std::filesystem;

namespace {

std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

std::string script(const std::string& name) { return std::string(FERRY_SOURCE_DIR) + "/scripts/" + name; }

std::string replica(std::uint16_t tcp_port) {
    return fmt::format("<replica><host>127.0.0.1</host><port>{}</port></replica>", tcp_port);
}

} // namespace

TestCluster& TestCluster::get() {
    static TestCluster cluster;
    return cluster;
}

TestCluster::TestCluster() {
    directory_ = (fs::temp_directory_path() / fmt::format("ferry_cluster_{}", getpid())).string();
    const auto zk = run_command(script("zookeeper.sh") + " start " + shell_quote(directory_ + "/zk"));
    if (zk.exit_code != 0) {
        throw std::runtime_error("cannot start ZooKeeper: " + zk.err);
    }
    const int zk_port = std::stoi(zk.out);
    const std::uint16_t tcp[2] = {free_port(), free_port()};
    for (int i = 0; i < 2; ++i) {
        const std::string dir = fmt::format("{}/ch{}", directory_, i);
        fs::create_directories(dir + "/config.d");
        std::ofstream(dir + "/config.d/cluster.xml") << fmt::format(
            R"(<?xml version="1.0"?>
<yandex>
    <remote_servers>
        <ferry_two_shards><shard>{0}</shard><shard>{1}</shard></ferry_two_shards>
        <ferry_one_shard><shard>{0}</shard></ferry_one_shard>
        <ferry_replicated><shard><internal_replication>true</internal_replication>{0}{1}</shard></ferry_replicated>
    </remote_servers>
    <zookeeper><node><host>127.0.0.1</host><port>{2}</port></node><session_timeout_ms>10000</session_timeout_ms></zookeeper>
    <macros><shard>01</shard><replica>r{3}</replica></macros>
</yandex>
)",
            replica(tcp[0]), replica(tcp[1]), zk_port, i);
        const auto started = run_command(script("clickhouse-server.sh") + " start " + shell_quote(dir) + " " +
                                         std::to_string(free_port()) + " " + std::to_string(tcp[i]));
        if (started.exit_code != 0) {
            throw std::runtime_error("cannot start cluster server: " + started.err);
        }
        http_ports_[i] = static_cast<std::uint16_t>(std::stoi(started.out));
    }
}

TestCluster::~TestCluster() {
    for (int i = 0; i < 2; ++i) {
        run_command(script("clickhouse-server.sh") + " stop " + shell_quote(fmt::format("{}/ch{}", directory_, i)));
    }
    run_command(script("zookeeper.sh") + " stop " + shell_quote(directory_ + "/zk"));
    std::error_code ec;
    fs::remove_all(directory_, ec);
}

clickhouse::Connection TestCluster::connection(int server, const std::string& database) const {
    clickhouse::Connection c;
    c.host = "127.0.0.1";
    c.port = http_ports_[server];
    c.database = database;
    return c;
}

std::string TestCluster::query(int server, const std::string& sql) const {
    clickhouse::HttpClient client(connection(server));
    return client.query(sql);
}

} // namespace ferry::test
