#pragma once
/// `ferry serve` flags (local and shared mode) and `ferry users add`, the command that writes the users file
/// of `--auth users`.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "server/server.h"

namespace ferry::cli {

struct ServeFlags {
    server::ServerOptions options;
    std::string data_dir = "ferry-data";
    std::string web_dir;
    std::vector<std::string> auth; ///< "none" | "token" | "users FILE"
    std::string max_upload_size;   ///< "500M"; empty = no limit
};

/// Adds the flags to the `serve` subcommand.
void add_serve_flags(CLI::App& serve, ServeFlags& flags);
/// The options to run with, once parsed. Throws Error(Usage).
server::ServerOptions serve_options(const ServeFlags& flags);

struct UsersFlags {
    std::string file;
    std::string name;
    bool admin = false;
};

/// `ferry users add FILE NAME [--admin]`; returns the `users` subcommand and its `add` subcommand.
CLI::App* add_users_command(CLI::App& app, UsersFlags& flags);
/// Reads the password from the first line of standard input (so that it stays out of the shell history and
/// the process list) and adds or replaces the user. Prints what it did on stderr.
int run_users_add(const UsersFlags& flags);

} // namespace ferry::cli
