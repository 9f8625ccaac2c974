#pragma once
/// Flag definitions shared by the subcommands.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "clickhouse/connection.h"
#include "formats/dialect.h"
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
    std::vector<std::string> paths; ///< import: --file given once or more (paths, directories, globs)
    std::string delimiter;
    bool no_header = false;
    bool header = false;
    std::string quote;
    std::string encoding;
    std::optional<std::size_t> skip_lines;
    bool decimal_comma = false;
    bool no_decimal_comma = false;
    std::string escape;
    std::string comment;
    std::string ragged; ///< "pad" or "error" (default)
    std::string quotes; ///< "lenient" or "strict" (default)
    bool trim = false;
    std::string repeated_headers; ///< "skip" (default) or "keep"

    /// `reading`: the file is read, so the dialect flags are optional and the rest is sniffed.
    /// With `many`, --file may be repeated and take directories and quoted globs (into `paths`).
    void add_to(CLI::App& app, bool required, bool reading = true, bool many = false);
    /// What the flags say; unset fields are left to the sniffer.
    formats::DialectChoice choice() const;
    /// For a file to write: the flags, else the defaults (delimiter from the extension, header).
    pipeline::FileSpec spec() const;
};

/// "a,b,c" -> {"a","b","c"}; empty -> {}.
std::vector<std::string> split_list(const std::string& text);

} // namespace ferry::cli
