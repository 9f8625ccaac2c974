#include "clickhouse/table_engine.h"

#include <array>

namespace ferry::clickhouse {

namespace {

constexpr std::array kReadOnly = {
    std::string_view("View"),       std::string_view("MaterializedView"), std::string_view("LiveView"),
    std::string_view("WindowView"), std::string_view("Merge"),            std::string_view("Dictionary"),
};

constexpr std::array kLocalStore = {
    std::string_view("Memory"), std::string_view("Log"),  std::string_view("TinyLog"),
    std::string_view("StripeLog"), std::string_view("Set"), std::string_view("Join"),
    std::string_view("Null"),   std::string_view("EmbeddedRocksDB"), std::string_view("KeeperMap"),
};

bool ends_with_merge_tree(std::string_view engine) { return engine.ends_with("MergeTree"); }

/// The end of a quoted literal starting at `i` (the quote), past its closing quote.
std::size_t skip_quoted(std::string_view text, std::size_t i) {
    const char quote = text[i++];
    while (i < text.size() && text[i] != quote) {
        i += text[i] == '\\' ? 2 : 1;
    }
    return std::min(i + 1, text.size());
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

/// Where the argument list of `clause` ends (index of the closing parenthesis), or npos.
std::size_t arguments_end(std::string_view clause, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < clause.size();) {
        const char c = clause[i];
        if (c == '\'' || c == '"' || c == '`') {
            i = skip_quoted(clause, i);
            continue;
        }
        if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
        ++i;
    }
    return std::string_view::npos;
}

bool is_string_literal(std::string_view argument) {
    argument = trim(argument);
    return argument.size() >= 2 && argument.front() == '\'' && argument.back() == '\'';
}

} // namespace

EngineRole engine_role(std::string_view engine, std::string_view database) {
    if (database == "system" || database == "INFORMATION_SCHEMA" || database == "information_schema") {
        return EngineRole::ReadOnly;
    }
    for (const auto name : kReadOnly) {
        if (engine == name) {
            return EngineRole::ReadOnly;
        }
    }
    if (engine.starts_with("System")) {
        return EngineRole::ReadOnly;
    }
    if (ends_with_merge_tree(engine)) {
        return EngineRole::MergeTree;
    }
    for (const auto name : kLocalStore) {
        if (engine == name) {
            return EngineRole::LocalStore;
        }
    }
    // Everything else that accepts INSERT hands the rows on: Distributed, Buffer, Kafka, URL, File, S3,
    // MySQL, PostgreSQL, ... Treating an unknown engine as a proxy is the safe side: its rows are only
    // written by one final INSERT, never by attaching parts.
    return EngineRole::Proxy;
}

bool is_replicated_engine(std::string_view engine) {
    return ends_with_merge_tree(engine) && (engine.starts_with("Replicated") || engine.starts_with("Shared"));
}

std::vector<std::string> engine_arguments(std::string_view clause) {
    std::vector<std::string> arguments;
    const auto open = clause.find('(');
    // Only a list that directly follows the engine name: "MergeTree ORDER BY (a)" has none.
    const auto name_end = clause.find_first_of(" (");
    if (open == std::string_view::npos || open != name_end) {
        return arguments;
    }
    const auto close = arguments_end(clause, open);
    if (close == std::string_view::npos) {
        return arguments;
    }
    int depth = 0;
    std::size_t start = open + 1;
    for (std::size_t i = open + 1; i < close;) {
        const char c = clause[i];
        if (c == '\'' || c == '"' || c == '`') {
            i = skip_quoted(clause, i);
            continue;
        }
        if (c == '(' || c == '[') {
            ++depth;
        } else if (c == ')' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 0) {
            arguments.emplace_back(trim(clause.substr(start, i - start)));
            start = i + 1;
        }
        ++i;
    }
    const auto last = trim(clause.substr(start, close - start));
    if (!last.empty() || !arguments.empty()) {
        arguments.emplace_back(last);
    }
    return arguments;
}

std::optional<std::string> private_engine_clause(std::string_view engine_full) {
    engine_full = trim(engine_full);
    const auto name_end = std::min(engine_full.find_first_of(" ("), engine_full.size());
    const std::string_view name = engine_full.substr(0, name_end);
    if (!ends_with_merge_tree(name)) {
        return std::nullopt;
    }
    if (!is_replicated_engine(name)) {
        return std::string(engine_full);
    }
    const std::string_view base = name.substr(name.starts_with("Replicated") ? 10 : 6);
    std::string_view rest = engine_full.substr(name_end);
    std::vector<std::string> arguments;
    if (rest.starts_with("(")) {
        const auto close = arguments_end(engine_full, name_end);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        arguments = engine_arguments(engine_full);
        rest = engine_full.substr(close + 1);
        // The coordination path and replica name come first, as two string literals; servers that fill
        // them from defaults show none.
        if (arguments.size() >= 2 && is_string_literal(arguments[0]) && is_string_literal(arguments[1])) {
            arguments.erase(arguments.begin(), arguments.begin() + 2);
        } else if (!arguments.empty() && (is_string_literal(arguments[0]) || arguments.size() == 1)) {
            return std::nullopt; // a form we do not know: never guess which argument is the path
        }
    }
    std::string clause(base);
    if (!arguments.empty()) {
        clause += '(';
        for (std::size_t i = 0; i < arguments.size(); ++i) {
            clause += (i ? ", " : "") + arguments[i];
        }
        clause += ')';
    }
    clause += rest;
    return clause;
}

} // namespace ferry::clickhouse
