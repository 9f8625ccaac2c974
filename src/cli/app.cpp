#include "cli/app.h"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <map>

#include "cli/options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "clickhouse/catalog.h"
#include "clickhouse/join.h"
#include "clickhouse/jwt.h"
#include "common/error.h"
#include "pipeline/file_set.h"
#include "pipeline/file_sniff.h"
#include "pipeline/preview.h"
#include "cli/serve_command.h"
#include "server/json_responses.h"
#include "server/server.h"

namespace ferry::cli {

namespace {

CancelToken g_cancel;
volatile std::sig_atomic_t g_signal = 0;

/// The first Ctrl-C (or SIGTERM from kill, timeout, systemd; SIGHUP from a closed terminal) cancels the
/// transfer cleanly: server query killed, staging table dropped, temporary file removed. A second one of
/// the same signal falls back to the default action and ends the process.
void on_signal(int signal) {
    g_signal = signal;
    g_cancel.cancel();
    std::signal(signal, SIG_DFL);
}

struct Commands {
    ConnectionOptions connection;
    FileOptions file;
    std::string table;
    std::string columns;
    std::vector<std::string> joins;
    std::string join_defaults = "sql";
    std::size_t limit = 100;
    bool json = false;
    bool create = false;
    std::string on_error = "abort";
    std::uint64_t max_errors = 0;
    std::string rejects;
    std::uint64_t split_rows = 0;
    std::uint64_t split_bytes = 0;
    std::string partition_by; ///< import --create: the new table's; export: one file (series) per value
    unsigned parallel = 1;
    std::string mode = "append";
    std::string order_by;
    std::string engine;
    std::vector<std::string> maps; ///< "file_col=table_col"
};

/// "--map a=b" (repeatable) -> {a: b}
std::map<std::string, std::string> parse_maps(const std::vector<std::string>& maps) {
    std::map<std::string, std::string> out;
    for (const auto& text : maps) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
            throw Error(ErrorKind::Usage,
                        fmt::format("--map '{}' must be FILE_COLUMN=TABLE_COLUMN", printable_value(text)));
        }
        if (!out.emplace(text.substr(0, eq), text.substr(eq + 1)).second) {
            throw Error(ErrorKind::Usage, fmt::format("--map names file column '{}' twice", text.substr(0, eq)));
        }
    }
    return out;
}

pipeline::TableSource table_source(const Commands& c) {
    pipeline::TableSource source;
    source.table = c.table;
    for (const auto& text : c.joins) {
        source.joins.push_back(clickhouse::parse_join(text));
    }
    source.join_defaults = clickhouse::parse_join_defaults(c.join_defaults);
    return source;
}

void report_transfer(const Commands& c, const pipeline::TransferResult& result, std::string_view verb,
                     const pipeline::Progress* progress = nullptr, bool import = false,
                     const formats::Leniency* leniency = nullptr) {
    if (c.json) {
        print_json_summary(std::cout, result, progress, import, leniency);
    } else if (import && result.rejected > 0) {
        // Every record is accounted for: loaded + rejected = read.
        std::cout << fmt::format("{} {} of {} records ({}) in {:.2f} s; {} rejected\n", verb, result.rows,
                                 result.rows + result.rejected, human_bytes(static_cast<double>(result.bytes)),
                                 result.seconds, result.rejected);
    } else {
        std::cout << fmt::format("{} {} records ({}) in {:.2f} s\n", verb, result.rows,
                                 human_bytes(static_cast<double>(result.bytes)), result.seconds);
    }
}

void run_tables(const Commands& c) {
    clickhouse::HttpClient client(c.connection.connection());
    std::vector<std::vector<Cell>> rows;
    for (const auto& table : clickhouse::list_tables(client)) {
        rows.push_back({table.name, table.engine, table.rows ? Cell(std::to_string(*table.rows)) : Cell()});
    }
    const std::vector<std::string> header = {"name", "engine", "rows"};
    c.json ? print_json_table(std::cout, header, rows) : print_text_table(std::cout, header, rows);
}

/// Sniffs `path` with the dialect flags; a disagreement with the user's flags is said on stderr.
pipeline::SniffedFile sniff(const Commands& c, const std::filesystem::path& path, bool for_schema = false,
                            bool name_file = false) {
    auto sniffed = pipeline::sniff_file(path, c.file.choice(), for_schema);
    if (!sniffed.result.warning.empty()) {
        std::cerr << "ferry: warning: " << (name_file ? path.string() + ": " : std::string())
                  << sniffed.result.warning << " (" << sniffed.result.suggestion << ")\n";
    }
    return sniffed;
}

pipeline::SniffedFile sniff(const Commands& c, bool for_schema = false) {
    return sniff(c, c.file.path, for_schema);
}

void run_columns(const Commands& c) {
    std::vector<std::vector<Cell>> rows;
    if (!c.file.path.empty()) {
        auto sniffed = sniff(c, true);
        sniffed.spec.suggestion = sniffed.result.suggestion;
        pipeline::check_sample(sniffed.spec); // a row an import would stop at fails here too
        for (const auto& column : sniffed.result.columns) {
            rows.push_back({column.name, column.type});
        }
        const std::vector<std::string> header = {"name", "type"};
        if (c.json) {
            print_json_table(std::cout, header, rows,
                             {{"dialect", server::dialect_json(sniffed.result.dialect, sniffed.result.confidence)}});
            return;
        }
        std::cout << "Detected: " << formats::describe(sniffed.result.dialect) << '\n';
        print_text_table(std::cout, header, rows);
        for (const auto& column : sniffed.result.columns) {
            if (!column.note.empty()) {
                std::cout << fmt::format("note: {} is a String: {}\n", column.name, column.note);
            }
        }
        return;
    } else {
        clickhouse::HttpClient client(c.connection.connection());
        for (const auto& column : clickhouse::list_columns(client, c.table)) {
            rows.push_back({column.name, column.type});
        }
    }
    const std::vector<std::string> header = {"name", "type"};
    c.json ? print_json_table(std::cout, header, rows) : print_text_table(std::cout, header, rows);
}

void run_preview(const Commands& c) {
    const auto columns = split_list(c.columns);
    const auto table = c.file.path.empty() ? pipeline::preview_clickhouse(c.connection.connection(),
                                                                          table_source(c), columns, c.limit, true)
                                           : pipeline::preview_file(sniff(c).spec, columns, c.limit);
    std::vector<std::vector<Cell>> rows(table.rows.begin(), table.rows.end());
    c.json ? print_json_table(std::cout, table.columns, rows)
           : print_text_table(std::cout, table.columns, rows);
    if (table.join_hint) {
        // After the rows (stderr with --json, so stdout stays one JSON document).
        (c.json ? std::cerr : std::cout) << pipeline::describe(*table.join_hint) << "\n";
    }
}

/// `--create --on-error skip`: how many sampled rows the types were inferred without (stderr: stdout stays
/// parseable with --json).
void report_inference(const pipeline::Progress& progress) {
    if (progress.inference_skipped > 0) {
        std::cerr << fmt::format("Type inference left out {} sampled rows that do not parse or do not fit their "
                                 "column (they are rejected below)\n",
                                 progress.inference_skipped.load());
    }
}

void run_import(const Commands& c) {
    pipeline::ImportRequest request;
    request.connection = c.connection.connection();
    const auto paths = pipeline::expand_file_arguments(c.file.paths);
    // Each file is sniffed on its own: files of one job may differ in encoding or dialect, and the chain
    // reader still insists that their headers agree.
    for (const auto& path : paths) {
        request.files.push_back(sniff(c, path, false, paths.size() > 1).spec);
    }
    request.file = request.files.front();
    if (request.files.size() == 1) {
        request.files.clear();
    }
    // One rejects file for the whole job: beside the file, or beside the first of several files.
    std::string rejects = c.rejects;
    if (rejects.empty()) {
        rejects = request.files.empty() ? request.file.path.string() + ".rejects.csv"
                                        : (request.file.path.parent_path() / (c.table + ".rejects.csv")).string();
    }
    request.table = c.table;
    request.columns = split_list(c.columns);
    request.create = c.create;
    request.on_error = c.on_error == "skip" ? pipeline::OnError::Skip : pipeline::OnError::Abort;
    request.max_errors = c.max_errors;
    request.rejects = rejects;
    request.mode = c.mode == "replace" ? pipeline::LoadMode::Replace : pipeline::LoadMode::Append;
    // Said before the first row is sent, so a user can still cancel a load that cannot be all-or-nothing.
    request.on_plan = [](const pipeline::LoadPlan& plan) {
        std::cerr << fmt::format("Strategy: {} ({})\n", pipeline::to_string(plan.kind), plan.note);
        if (!plan.warning.empty()) {
            std::cerr << fmt::format("Warning: {}\n", plan.warning);
        }
    };
    // Why a new table's column got its type, when the sniffer says (a lone text value making it a String).
    request.on_inference_note = [](const std::string& note) { std::cerr << "Column " << note << '\n'; };
    request.new_table.order_by = split_list(c.order_by);
    request.new_table.partition_by = c.partition_by;
    request.new_table.engine = c.engine;
    request.column_map = parse_maps(c.maps);
    pipeline::Progress progress;
    pipeline::TransferResult result;
    try {
        ProgressLine line(progress);
        result = pipeline::run_import(request, progress, g_cancel);
    } catch (const Error& error) {
        if (progress.strategy != pipeline::StrategyKind::None) {
            std::cerr << (progress.committed == 0
                              ? std::string("Nothing was loaded into ") + c.table + ".\n"
                              : fmt::format("{} rows were committed to {} before the failure.\n",
                                            progress.committed.load(), c.table));
        }
        if (error.kind() == ErrorKind::Data && error.context().line && request.on_error == pipeline::OnError::Abort) {
            // The first bad row of an all-or-nothing import: say how to load the good ones anyway.
            throw Error(error.kind(),
                        std::string(error.what()) + fmt::format("\nTo load the good rows and write the bad ones to "
                                                                "{}, run again with --on-error skip",
                                                                rejects),
                        error.context());
        }
        throw;
    }
    report_inference(progress);
    report_transfer(c, result,
                    request.files.empty() ? fmt::format("Imported into {}:", c.table)
                                          : fmt::format("Imported {} files into {}:", paths.size(), c.table),
                    &progress, true, &request.file.dialect.leniency);
    if (const auto repeated = result.repeated_headers.describe(); !repeated.empty() && !c.json) {
        // Not data and not rejected: what concatenated files leave (docs/dirty-rows.md, "Repeated header rows").
        std::cout << fmt::format("{}: rows identical to the header are not data (--repeated-headers keep "
                                 "loads them)\n",
                                 repeated);
    }
    if (result.rejected > 0 && !c.json) {
        std::cout << fmt::format("Rejected {} rows; they are in {} (line, reason, record)\n", result.rejected,
                                 rejects);
    }
    if (const auto lenient = formats::describe(request.file.dialect.leniency); !lenient.empty() && !c.json) {
        std::cout << fmt::format("Read leniently: {}\n", lenient);
    }
}

void run_export(const Commands& c) {
    pipeline::ExportRequest request;
    request.connection = c.connection.connection();
    request.source = table_source(c);
    request.columns = split_list(c.columns);
    request.file = c.file.spec();
    request.split.rows = c.split_rows;
    request.split.bytes = c.split_bytes;
    request.split.partition_by = c.partition_by;
    request.split.parallel = c.parallel;
    if (c.parallel > 1 && !request.split.any()) {
        throw Error(ErrorKind::Usage, "--parallel needs --split-rows, --split-bytes or --partition-by: each "
                                      "stream writes its own files");
    }
    pipeline::Progress progress;
    pipeline::TransferResult result;
    {
        ProgressLine line(progress);
        result = pipeline::run_export(request, progress, g_cancel);
    }
    if (result.manifest.empty()) {
        report_transfer(c, result, fmt::format("Exported to {}:", c.file.path));
    } else {
        report_transfer(c, result,
                        fmt::format("Exported to {} files listed in {}:", result.files, result.manifest.string()),
                        &progress);
    }
}

/// Says whose token is used and until when, on stderr (stdout stays parseable with --json), and warns
/// when it is about to expire. An expired or malformed token throws here, before any request.
void describe_token(const std::string& jwt) {
    if (jwt.empty()) {
        return;
    }
    const auto claims = clickhouse::check_jwt(jwt);
    std::string line =
        fmt::format("ferry: JWT for '{}'", printable_value(claims.subject.empty() ? "?" : claims.subject));
    if (!claims.issuer.empty()) {
        line += fmt::format(" issued by '{}'", printable_value(claims.issuer));
    }
    if (claims.expires) {
        const auto left = *claims.expires - std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count();
        line += fmt::format(", expires {}", clickhouse::format_utc(*claims.expires));
        if (left < 300) {
            line += fmt::format(" (warning: in {} seconds)", left);
        }
    } else {
        line += ", no expiry";
    }
    std::cerr << line << '\n';
}

int exit_code_for(const Error& error) {
    switch (error.kind()) {
    case ErrorKind::Usage:
        return 2;
    case ErrorKind::Cancelled:
        return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT);
    default:
        return 1;
    }
}

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"Ferry: fast, safe ClickHouse <-> CSV/TSV transfers", "ferry"};
    app.require_subcommand(1);
    app.fallthrough();
    Commands c;
    c.connection.add_to(app);

    auto* tables = app.add_subcommand("tables", "List the database's tables with engine and row count");
    tables->add_flag("--json", c.json, "Print JSON");

    auto* columns =
        app.add_subcommand("columns", "Columns of a table, or a file's columns with inferred types");
    auto* columns_table = columns->add_option("--table", c.table, "Table");
    c.file.add_to(*columns, false);
    columns->add_flag("--json", c.json, "Print JSON");
    columns->get_option("--file")->excludes(columns_table);

    auto* preview = app.add_subcommand("preview", "The first rows of a table, a join or a file");
    auto* preview_table = preview->add_option("--table", c.table, "Table");
    preview->add_option("--join", c.joins,
                       "Join another table (repeatable): 'LEFT JOIN t2 ON t.k = t2.k', 'LEFT ANTI JOIN t2 USING (k)', "
                       "'ASOF LEFT JOIN q ON t.s = q.s AND t.time >= q.time', 'CROSS JOIN t2' ...");
    preview->add_option("--join-defaults", c.join_defaults,
                       "Rows without a match: sql gives the other table's columns NULL (empty unquoted field); "
                       "clickhouse gives them the type's default ('' and 0)")
        ->check(CLI::IsMember({"sql", "clickhouse"}))
        ->capture_default_str();
    c.file.add_to(*preview, false);
    preview->get_option("--file")->excludes(preview_table);
    preview->add_option("--columns", c.columns, "Columns to show: a,b or t.a,t2.b");
    preview->add_option("--limit", c.limit, "Rows to show")->capture_default_str();
    preview->add_flag("--json", c.json, "Print JSON");

    auto* import = app.add_subcommand("import", "Load files into a table (all or nothing)");
    c.file.add_to(*import, true, true, true);
    import->add_option("--table", c.table, "Target table")->required();
    import->add_option("--columns", c.columns, "File columns to load, by header name: a,b");
    import->add_flag("--create", c.create, "Create the table from the file's inferred schema if missing");
    import
        ->add_option("--on-error", c.on_error,
                     "abort: load nothing if a row is bad; skip: load the good rows")
        ->check(CLI::IsMember({"abort", "skip"}))
        ->capture_default_str();
    import->add_option("--max-errors", c.max_errors,
                       "With --on-error skip: fail when more rows are rejected (0: no limit)");
    import->add_option("--rejects", c.rejects,
                       "With --on-error skip: file for rejected rows (default <file>.rejects.csv)");
    import->add_option("--mode", c.mode,
                       "append (default) adds the rows; replace leaves the table holding exactly the file's "
                       "rows (the old ones stay until the new ones are in)")
        ->check(CLI::IsMember({"append", "replace"}));
    import->add_option("--order-by", c.order_by, "With --create: the new table's sorting key, columns a,b");
    import->add_option("--partition-by", c.partition_by,
                       "With --create: the new table's partition expression, e.g. 'toYYYYMM(day)'");
    import->add_option("--engine", c.engine, "With --create: MergeTree (default), ReplacingMergeTree, "
                                             "SummingMergeTree or AggregatingMergeTree");
    import->add_option("--map", c.maps,
                       "Load file column into a table column of another name: file_col=table_col (repeatable)");
    import->add_flag("--json", c.json, "Print a JSON summary as the last line");

    auto* export_ = app.add_subcommand("export", "Write a table or a join of tables to a file");
    export_->add_option("--table", c.table, "Source table")->required();
    export_->add_option("--join", c.joins,
                       "Join another table (repeatable): 'LEFT JOIN t2 ON t.k = t2.k', 'LEFT ANTI JOIN t2 USING (k)', "
                       "'ASOF LEFT JOIN q ON t.s = q.s AND t.time >= q.time', 'CROSS JOIN t2' ...");
    export_->add_option("--join-defaults", c.join_defaults,
                       "Rows without a match: sql gives the other table's columns NULL (empty unquoted field); "
                       "clickhouse gives them the type's default ('' and 0)")
        ->check(CLI::IsMember({"sql", "clickhouse"}))
        ->capture_default_str();
    export_->add_option("--columns", c.columns, "Columns to export: a,b or t.a,t2.b");
    c.file.add_to(*export_, true, false);
    export_
        ->add_option("--split-rows", c.split_rows,
                     "Write NAME-00001.EXT, NAME-00002.EXT ... of at most this many rows each, plus "
                     "NAME.manifest.json")
        ->check(CLI::PositiveNumber);
    export_
        ->add_option("--split-bytes", c.split_bytes,
                     "Start the next file once one holds this much CSV (before compression): 500M, 1G ...")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::PositiveNumber);
    export_->add_option("--partition-by", c.partition_by,
                        "ClickHouse expression, e.g. 'toYYYYMM(day)': one file (or series) per value, named "
                        "NAME-<value>.EXT");
    export_
        ->add_option("--parallel", c.parallel,
                     "Queries at once for a split or partitioned export (partitions, or data parts of a "
                     "MergeTree table)")
        ->check(CLI::Range(1u, 64u))
        ->capture_default_str();
    export_->add_flag("--json", c.json, "Print a JSON summary as the last line");

    auto* serve = app.add_subcommand("serve", "Serve the web app and its JSON API");
    ServeFlags serve_flags;
    serve_flags.web_dir = FERRY_WEB_DIR;
    add_serve_flags(*serve, serve_flags);
    UsersFlags users_flags;
    auto* users_add = add_users_command(app, users_flags);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
        std::signal(signal, on_signal);
    }
    try {
        if (users_add->parsed()) {
            return run_users_add(users_flags);
        }
        if (!serve->parsed() && !(columns->parsed() && !c.file.path.empty()) &&
            !(preview->parsed() && !c.file.path.empty())) {
            describe_token(c.connection.jwt);
        }
        if (tables->parsed()) {
            run_tables(c);
        } else if (columns->parsed()) {
            if (c.table.empty() && c.file.path.empty()) {
                throw Error(ErrorKind::Usage, "columns needs --table or --file");
            }
            run_columns(c);
        } else if (preview->parsed()) {
            if (c.table.empty() && c.file.path.empty()) {
                throw Error(ErrorKind::Usage, "preview needs --table or --file");
            }
            run_preview(c);
        } else if (import->parsed()) {
            run_import(c);
        } else if (export_->parsed()) {
            run_export(c);
        } else if (serve->parsed()) {
            for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
                std::signal(signal, SIG_DFL); // run_server waits for these itself
            }
            return server::run_server(serve_options(serve_flags));
        }
    } catch (const Error& error) {
        std::cerr << "ferry: " << error.what() << '\n';
        return exit_code_for(error);
    } catch (const std::exception& error) {
        std::cerr << "ferry: internal error: " << error.what() << '\n';
        return 1;
    }
    return 0;
}

} // namespace ferry::cli
