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
                   "Codec on the wire: auto (none to this machine, else by what the server takes and the "
                   "link's speed: zstd, gzip or lz4 blocks), none, zstd, gzip, lz4")
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

void FileOptions::add_to(CLI::App& app, bool required, bool reading, bool many) {
    auto* file = many ? app.add_option("--file", paths,
                                       "Flat file (.csv, .tsv; .gz and .zst are decompressed), a directory (its "
                                       ".csv/.tsv/.txt files) or a quoted glob 'logs/*.csv.gz'; repeatable: "
                                       "all load as one job")
                      : app.add_option("--file", path, "Flat file (.csv, .tsv; .gz and .zst are (de)compressed)");
    if (required) {
        file->required();
    }
    const std::string sniffed = reading ? " (default: detected)" : "";
    app.add_option("--delimiter", delimiter,
                   "Field delimiter: one character, or tab, comma, semicolon, pipe" +
                       (reading ? sniffed : std::string(" (default from extension)")));
    auto* no_header_flag = app.add_flag("--no-header", no_header, "The file has no header line" + sniffed);
    app.add_option("--quote", quote, std::string("Quote character (default \"") + (reading ? ", or detected)" : ")"));
    if (reading) {
        app.add_flag("--header", header, "The file's first line (after --skip-lines) is a header" + sniffed)
            ->excludes(no_header_flag);
        app.add_option("--encoding", encoding,
                       "utf-8, utf-16le, utf-16be, windows-1252 or latin-1" + sniffed);
        app.add_option("--skip-lines", skip_lines, "Lines before the header to ignore (titles, comments)" + sniffed);
        auto* comma = app.add_flag("--decimal-comma", decimal_comma, "Numbers are written 1,5" + sniffed);
        app.add_flag("--no-decimal-comma", no_decimal_comma, "Numbers are not written 1,5")->excludes(comma);
        app.add_option("--escape", escape,
                       "Inside quotes, this character makes a following quote literal: '\\' reads \\\" as \" "
                       "('none': quotes are doubled)" + sniffed);
        app.add_option("--comment", comment,
                       "Lines starting with this character are skipped anywhere in the file ('none': no "
                       "comment lines)" + sniffed);
        // Never sniffed: a file that needs them has damage the user should know about (docs/dirty-rows.md).
        app.add_option("--ragged", ragged,
                       "pad: rows with fewer fields than the header get NULL for the missing trailing ones "
                       "(default: error)")
            ->check(CLI::IsMember({"pad", "error"}));
        app.add_option("--quotes", quotes,
                       "lenient: a quote inside an unquoted field (5\" pipe) is a character (default: strict, "
                       "an error)")
            ->check(CLI::IsMember({"lenient", "strict"}));
        app.add_flag("--trim", trim, "Drop spaces at the start of fields (files written 'a, b, c')");
        app.add_option("--repeated-headers", repeated_headers,
                       "Rows identical to the header further down (concatenated files): skip (left out and "
                       "counted, the default) or keep (loaded as data)")
            ->check(CLI::IsMember({"skip", "keep"}));
    }
}

formats::DialectChoice FileOptions::choice() const {
    formats::DialectChoice choice;
    if (!delimiter.empty()) {
        choice.delimiter = formats::parse_delimiter(delimiter);
    }
    if (!quote.empty()) {
        if (quote.size() != 1) {
            throw Error(ErrorKind::Usage, "--quote takes a single character");
        }
        choice.quote = quote[0];
    }
    if (header || no_header) {
        choice.header = header;
    }
    if (!encoding.empty()) {
        choice.encoding = formats::parse_encoding(encoding);
    }
    choice.skip_lines = skip_lines;
    if (!escape.empty()) {
        choice.escape = formats::parse_escape(escape);
    }
    if (!comment.empty()) {
        choice.comment = formats::parse_comment(comment);
    }
    if (decimal_comma || no_decimal_comma) {
        choice.decimal_comma = decimal_comma;
    }
    choice.leniency.pad_ragged = !ragged.empty() && formats::parse_ragged(ragged);
    choice.leniency.literal_stray_quotes = !quotes.empty() && formats::parse_quotes(quotes);
    choice.leniency.trim_leading_spaces = trim;
    choice.keep_repeated_headers = !repeated_headers.empty() && formats::parse_repeated_headers(repeated_headers);
    return choice;
}

pipeline::FileSpec FileOptions::spec() const {
    const auto chosen = choice();
    pipeline::FileSpec spec;
    spec.path = path;
    spec.dialect.delimiter = chosen.delimiter.value_or(formats::default_delimiter_for(path));
    spec.dialect.quote = chosen.quote.value_or('"');
    spec.dialect.header = chosen.header.value_or(true);
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
