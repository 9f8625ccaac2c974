#pragma once
/// Flag definitions shared by the subcommands.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "clickhouse/connection.h"
#include "pipeline/transfer.h"

namespace ferry::cli {

/// Connection flags as clickhouse-client spells them, with CLICKHOUSE_* environment defaults.
struct ConnectionOptions {
    std::string host = "localhost";
    std::optional<int> port;
    bool secure = false;
    std::string database = "default";
    std::string user = "default";
    std::string password;
    std::string jwt;
    std::string ca_cert;

    void add_to(CLI::App& app);
    clickhouse::Connection connection() const;
    std::string compression = "auto";
};

struct FileOptions {
    std::string path;
    std::string delimiter;
    bool no_header = false;
    std::string quote = "\"";

    void add_to(CLI::App& app, bool required);
    pipeline::FileSpec spec() const;
};

/// "a,b,c" -> {"a","b","c"}; empty -> {}.
std::vector<std::string> split_list(const std::string& text);

} // namespace ferry::cli
