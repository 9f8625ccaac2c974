#include "cli/options.h"

#include "common/error.h"
#include "formats/dialect.h"

namespace ferry::cli {

void ConnectionOptions::add_to(CLI::App& app) {
    app.add_option("--host", host, "ClickHouse host")->envname("CLICKHOUSE_HOST")->capture_default_str();
    app.add_option("--port", port, "ClickHouse HTTP port (default 8123, 8443 with --secure)")
        ->envname("CLICKHOUSE_PORT");
    app.add_flag("--secure", secure, "Use HTTPS");
    app.add_option("--database", database, "Database")->envname("CLICKHOUSE_DATABASE")->capture_default_str();
    app.add_option("--user", user, "User")->envname("CLICKHOUSE_USER")->capture_default_str();
    app.add_option("--password", password, "Password")->envname("CLICKHOUSE_PASSWORD");
    app.add_option("--jwt", jwt, "JWT sent as 'Authorization: Bearer' instead of a password")
        ->envname("CLICKHOUSE_JWT");
    app.add_option("--ca-cert", ca_cert, "PEM file of CA certificates to trust for HTTPS")
        ->check(CLI::ExistingFile);
    app.add_option("--compression", compression,
                   "Codec on the wire: auto (none to this machine, else zstd or gzip as the server "
                   "takes), none, zstd, gzip")
        ->envname("FERRY_COMPRESSION")
        ->capture_default_str();
}

clickhouse::Connection ConnectionOptions::connection() const {
    clickhouse::Connection c;
    c.host = host;
    c.secure = secure;
    c.port = static_cast<std::uint16_t>(port.value_or(secure ? 8443 : 8123));
    c.database = database;
    c.user = user;
    c.password = password;
    c.jwt = jwt;
    c.ca_cert = ca_cert;
    c.compression = clickhouse::parse_wire_compression(compression, "--compression");
    return c;
}

void FileOptions::add_to(CLI::App& app, bool required) {
    auto* file = app.add_option("--file", path, "Flat file (.csv, .tsv; .gz and .zst are (de)compressed)");
    if (required) {
        file->required();
    }
    app.add_option("--delimiter", delimiter,
                   "Field delimiter: one character, or tab, comma, semicolon, pipe (default from extension)");
    app.add_flag("--no-header", no_header, "The file has no header line");
    app.add_option("--quote", quote, "Quote character")->capture_default_str();
}

pipeline::FileSpec FileOptions::spec() const {
    pipeline::FileSpec spec;
    spec.path = path;
    spec.dialect.delimiter =
        delimiter.empty() ? formats::default_delimiter_for(path) : formats::parse_delimiter(delimiter);
    if (quote.size() != 1) {
        throw Error(ErrorKind::Usage, "--quote takes a single character");
    }
    spec.dialect.quote = quote[0];
    spec.dialect.header = !no_header;
    return spec;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        const auto comma = text.find(',', start);
        auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!item.empty() && item.front() == ' ') {
            item.erase(item.begin());
        }
        while (!item.empty() && item.back() == ' ') {
            item.pop_back();
        }
        if (!item.empty()) {
            items.push_back(item);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

} // namespace ferry::cli
