#include "support/clickhouse_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "support/server_reaper.h"

namespace ferry::test {
namespace fs = std::filesystem;

namespace {
std::uint16_t g_port = 0;
fs::path g_dir;

std::string script() { return std::string(FERRY_SOURCE_DIR) + "/scripts/clickhouse-server.sh"; }

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string unique_suffix() {
    static std::mt19937_64 rng(std::random_device{}());
    return std::to_string(getpid()) + "_" + std::to_string(rng() % 1000000000);
}
} // namespace

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

CommandResult run_command(const std::string& command) {
    const fs::path tmp = fs::temp_directory_path() / ("ferry_cmd_" + unique_suffix());
    const std::string full = "(" + command + ") </dev/null >" + shell_quote(tmp.string() + ".out") + " 2>" +
                             shell_quote(tmp.string() + ".err");
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_all(tmp.string() + ".out");
    result.err = read_all(tmp.string() + ".err");
    fs::remove(tmp.string() + ".out");
    fs::remove(tmp.string() + ".err");
    return result;
}

void ClickHouseServer::SetUp() {
    reap_servers_of_dead_runs(fs::temp_directory_path());
    g_dir = fs::temp_directory_path() / ("ferry_ch_" + unique_suffix());
    start();
}

void ClickHouseServer::start() {
    const std::string port_arg = g_port ? " " + std::to_string(g_port) : "";
    const auto result = run_command(script() + " start " + shell_quote(g_dir.string()) + port_arg);
    if (result.exit_code != 0) {
        throw std::runtime_error("cannot start clickhouse-server: " + result.err);
    }
    g_port = static_cast<std::uint16_t>(std::stoi(result.out));
}

void ClickHouseServer::stop() { run_command(script() + " stop " + shell_quote(g_dir.string())); }

void ClickHouseServer::TearDown() {
    stop();
    std::error_code ec;
    fs::remove_all(g_dir, ec);
}

std::uint16_t ClickHouseServer::http_port() { return g_port; }

void PrivateClickHouseServer::start(const std::string& environment) {
    dir_ = fs::temp_directory_path() / ("ferry_ch_private_" + unique_suffix());
    const auto result = run_command(environment + " " + script() + " start " + shell_quote(dir_.string()));
    if (result.exit_code != 0) {
        throw std::runtime_error("cannot start clickhouse-server (" + environment + "): " + result.err);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(result.out));
}

void PrivateClickHouseServer::stop() {
    if (dir_.empty()) {
        return;
    }
    run_command(script() + " stop " + shell_quote(dir_.string()));
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
    port_ = 0;
}
const fs::path& ClickHouseServer::directory() { return g_dir; }

void ClickHouseTest::SetUp() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) {
        if (!isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    database_ = "t_" + name + "_" + unique_suffix();
    scratch_dir_ = fs::temp_directory_path() / ("ferry_test_" + database_);
    fs::create_directories(scratch_dir_);
    clickhouse::Connection admin;
    admin.host = "127.0.0.1";
    admin.port = server_port();
    client_ = std::make_unique<clickhouse::HttpClient>(admin);
    client_->query("CREATE DATABASE `" + database_ + "`");
    client_ = std::make_unique<clickhouse::HttpClient>(connection());
}

void ClickHouseTest::TearDown() {
    try {
        client_->query("DROP DATABASE IF EXISTS `" + database_ + "`");
    } catch (const std::exception&) {
        // The server may be down in a fault test; the directory is removed with the server's.
    }
    std::error_code ec;
    fs::remove_all(scratch_dir_, ec);
}

clickhouse::Connection ClickHouseTest::connection() const {
    clickhouse::Connection c;
    c.host = "127.0.0.1";
    c.port = server_port();
    c.database = database_;
    return c;
}

std::string ClickHouseTest::query(const std::string& sql) { return client_->query(sql); }

CommandResult ClickHouseTest::ferry(const std::string& args) {
    return run_command(std::string(FERRY_BINARY) + " --host 127.0.0.1 --port " +
                       std::to_string(server_port()) + " --database " + database_ + " " + args);
}

fs::path ClickHouseTest::scratch(const std::string& name) const { return scratch_dir_ / name; }

void ClickHouseTest::write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

std::string ClickHouseTest::read_file(const fs::path& path) { return read_all(path); }

} // namespace ferry::test
