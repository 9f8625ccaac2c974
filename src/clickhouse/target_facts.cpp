#include "clickhouse/target_facts.h"

#include "clickhouse/load_sql.h"
#include "clickhouse/query_rows.h"

namespace ferry::clickhouse {

namespace {

/// ['a','b'] as ClickHouse writes an Array(String) in TabSeparated (already unescaped once).
std::vector<std::string> parse_string_array(const std::string& text) {
    std::vector<std::string> items;
    std::string current;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!in_string) {
            if (c == '\'') {
                in_string = true;
                current.clear();
            }
            continue;
        }
        if (c == '\\' && i + 1 < text.size()) {
            current += text[++i];
        } else if (c == '\'') {
            in_string = false;
            items.push_back(current);
        } else {
            current += c;
        }
    }
    return items;
}

std::uint64_t to_count(const std::optional<std::string>& field) {
    try {
        return field ? std::stoull(*field) : 0;
    } catch (...) {
        return 0;
    }
}

} // namespace

TargetFacts read_target_facts(HttpClient& client, const std::string& table) {
    TargetFacts facts;
    facts.table = table;
    const auto rows = query_rows(client, load_sql::target_facts(table), 5);
    if (!rows.empty()) {
        const auto& row = rows[0];
        facts.exists = true;
        facts.database = row[0].value_or("");
        facts.engine = row[1].value_or("");
        facts.engine_full = row[2].value_or("");
        const auto databases = parse_string_array(row[3].value_or(""));
        const auto views = parse_string_array(row[4].value_or(""));
        for (std::size_t i = 0; i < views.size(); ++i) {
            facts.views.push_back((i < databases.size() ? databases[i] : facts.database) + "." + views[i]);
        }
    } else {
        facts.database = query_rows(client, "SELECT currentDatabase()", 1).at(0)[0].value_or("");
    }
    facts.role = engine_role(facts.engine, facts.database);

    for (const auto& row : query_rows(client, load_sql::session_settings(), 2)) {
        const std::string name = row[0].value_or("");
        const std::string value = row[1].value_or("");
        if (name == "readonly") {
            facts.can_insert = value == "0";
            facts.can_create_tables = facts.can_create_tables && value == "0";
        } else if (name == "allow_ddl") {
            facts.can_create_tables = facts.can_create_tables && value != "0";
        } else if (name == "insert_deduplication_token") {
            facts.has_deduplication_token = true;
        } else if (name == "max_insert_block_size") {
            facts.max_insert_block_size = std::max<std::uint64_t>(1, to_count(row[1]));
        }
    }

    if (facts.engine == "Distributed") {
        const auto arguments = engine_arguments(facts.engine_full);
        facts.sharding_key = arguments.size() >= 4;
        if (!arguments.empty()) {
            std::string cluster = arguments[0];
            if (cluster.size() >= 2 && (cluster.front() == '\'' || cluster.front() == '`')) {
                cluster = cluster.substr(1, cluster.size() - 2);
            }
            const auto shards = query_rows(client, load_sql::cluster_shards(cluster), 1);
            facts.shards = shards.empty() ? 0 : to_count(shards[0][0]);
        }
    }
    return facts;
}

} // namespace ferry::clickhouse
