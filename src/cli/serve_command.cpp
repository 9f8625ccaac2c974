#include "cli/serve_command.h"

#include <iostream>

#include "common/error.h"
#include "server/auth/user_file.h"

namespace ferry::cli {

namespace {

/// "500M", "2G", "1024" -> bytes (binary units: K = 1024).
std::uint64_t parse_size(const std::string& text) {
    std::size_t used = 0;
    std::uint64_t value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    std::string unit = text.substr(used);
    for (auto& c : unit) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!unit.empty() && unit.back() == 'B') {
        unit.pop_back();
    }
    const std::uint64_t scale = unit.empty()  ? 1
                                : unit == "K" ? 1ull << 10
                                : unit == "M" ? 1ull << 20
                                : unit == "G" ? 1ull << 30
                                : unit == "T" ? 1ull << 40
                                              : 0;
    if (used == 0 || scale == 0 || value == 0) {
        throw Error(ErrorKind::Usage, "--max-upload-size '" + text + "' must be a size like 500M or 2G");
    }
    return value * scale;
}

} // namespace

void add_serve_flags(CLI::App& serve, ServeFlags& flags) {
    auto& o = flags.options;
    serve.add_option("--listen", o.listen, "Address to listen on (a non-loopback address is shared mode)")
        ->capture_default_str();
    serve.add_option("--data-dir", flags.data_dir, "Directory of the files the web app may read and write")
        ->capture_default_str();
    serve.add_option("--web-dir", flags.web_dir, "Built web app (index.html and assets)")
        ->capture_default_str();
    serve.add_option("--public-url", o.public_urls,
                     "The URL people open, e.g. https://ferry.example.com: its Host and Origin are accepted "
                     "(repeatable)");
    serve.add_option("--allow-host", o.allow_hosts,
                     "Another Host name to accept, with any port (repeatable)");
    serve.add_option(
        "--clickhouse-allow", o.clickhouse_allow,
        "A ClickHouse server the web app may connect to: host or host:port (repeatable). In shared "
        "mode none is allowed until given; locally all are, unless given");
    serve
        .add_option("--auth", flags.auth,
                    "Sign-in: none, token (a link with a secret is printed at start) or users FILE (names "
                    "and password hashes; see `ferry users add`). Default: token on a non-loopback address, "
                    "else none")
        ->expected(1, 2);
    serve.add_option("--token-file", o.token_file,
                     "With --auth token: read the token from this file's first line (at least 32 characters) "
                     "instead of making one; it is then not printed");
    serve.add_option(
        "--trusted-proxy", o.trusted_proxies,
        "Address of a reverse proxy in front (repeatable): its X-Forwarded-For names the client, "
        "so that failed sign-ins are limited per real client");
    serve.add_option("--tls-cert", o.tls_cert, "PEM certificate (chain) to serve https");
    serve.add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert");
    serve.add_flag("--insecure-http", o.insecure_http,
                   "Allow plain http on a non-loopback address (e.g. behind a TLS reverse proxy)");
    serve.add_option("--shared-folder", o.shared_folder,
                     "With --auth users: a folder of the data directory every user sees (read-only; admins "
                     "may write)");
    serve.add_option("--max-upload-size", flags.max_upload_size,
                     "Largest upload accepted, e.g. 2G (default: none)");
    serve.add_option("--max-jobs-per-user", o.max_jobs_per_user,
                     "Queued and running jobs one user may have (default: no limit)");
    serve.add_option("--max-jobs", o.max_jobs, "Queued and running jobs of all users (default: no limit)");
    serve.add_option("--max-running-jobs", o.max_running_jobs, "Transfers running at once; more wait queued")
        ->check(CLI::Range(1u, 256u))
        ->capture_default_str();
    serve
        .add_option_function<unsigned>(
            "--session-idle-minutes",
            [&o](unsigned minutes) { o.session_idle_timeout = std::chrono::minutes(minutes); },
            "Sign a session out after this many minutes without a request (default: 480)")
        ->check(CLI::Range(1u, 100000u));
}

server::ServerOptions serve_options(const ServeFlags& flags) {
    auto options = flags.options;
    options.data_dir = flags.data_dir;
    options.web_dir = flags.web_dir;
    if (!flags.auth.empty()) {
        options.auth = flags.auth[0];
        if (flags.auth.size() == 2) {
            if (options.auth != "users") {
                throw Error(ErrorKind::Usage,
                            "--auth " + options.auth + " takes no file (only --auth users FILE)");
            }
            options.users_file = flags.auth[1];
        }
    }
    if (!flags.max_upload_size.empty()) {
        options.max_upload_size = parse_size(flags.max_upload_size);
    }
    return options;
}

CLI::App* add_users_command(CLI::App& app, UsersFlags& flags) {
    auto* users = app.add_subcommand("users", "Manage the users file of `ferry serve --auth users FILE`");
    auto* add = users->add_subcommand(
        "add", "Add a user, or set their password: reads the password from standard input (one line)");
    add->add_option("file", flags.file, "The users file (created when missing)")->required();
    add->add_option("name", flags.name, "User name: letters, digits, '.', '_', '-'")->required();
    add->add_flag("--admin", flags.admin, "May see every user's jobs and write to the shared folder");
    users->require_subcommand(1);
    return add;
}

int run_users_add(const UsersFlags& flags) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    server::auth::add_user(flags.file, flags.name, password, flags.admin);
    std::cerr << "ferry: user '" << flags.name << "'" << (flags.admin ? " (admin)" : "") << " is in "
              << flags.file << std::endl;
    return 0;
}

} // namespace ferry::cli
