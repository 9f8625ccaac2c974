#include "pipeline/join_hint.h"

#include <fmt/format.h>

#include "clickhouse/join.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::pipeline {

namespace {

using clickhouse::quote_identifier;

/// The joined table's key columns of `join` (ON pairs name it on either side; USING names it outright).
std::vector<std::string> joined_keys(const clickhouse::Join& join) {
    std::vector<std::string> keys = join.using_columns;
    for (const auto& [a, b] : join.on) {
        keys.push_back(a.table == join.table ? a.column : b.column);
    }
    return keys;
}

/// Runs a one-number query within the time limit; nullopt (and a note) when the server stops it.
std::optional<std::uint64_t> count(clickhouse::HttpClient& client, const std::string& sql, unsigned seconds,
                                   const clickhouse::Settings& settings, const std::string& what, std::string& note) {
    auto limited = settings;
    limited["max_execution_time"] = std::to_string(seconds);
    try {
        const std::string body = client.query(sql + " FORMAT TabSeparated", limited);
        return body.empty() || body == "\\N\n" ? 0 : std::stoull(body);
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Query) {
            throw;
        }
        const std::string message = error.what();
        const bool timeout = message.find("imeout exceeded") != std::string::npos ||
                             message.find("TIMEOUT_EXCEEDED") != std::string::npos;
        note += (note.empty() ? "" : "; ") +
                (timeout ? fmt::format("{} was not counted: it takes longer than {} s", what, seconds)
                         : fmt::format("{} was not counted: {}", what, message.substr(0, message.find('\n'))));
        return std::nullopt;
    }
}

} // namespace

JoinHint join_hint(clickhouse::HttpClient& client, const TableSource& source, const std::vector<std::string>& columns,
                   const clickhouse::JoinSupport& support, unsigned seconds_per_query) {
    JoinHint hint;
    const auto settings = clickhouse::join_settings(source.joins, source.join_defaults);
    const std::string select =
        clickhouse::build_select(source.table, source.joins, columns, 0, {source.join_defaults, support});
    hint.rows = count(client, "SELECT count() FROM (" + select + ")", seconds_per_query, settings, "the join",
                      hint.note);
    for (const auto& join : source.joins) {
        if (join.strictness != clickhouse::JoinStrictness::All || join.type == clickhouse::JoinType::Cross) {
            continue; // ANY, SEMI, ANTI and ASOF meet one row per key; a CROSS join's count says it all
        }
        const auto keys = joined_keys(join);
        std::string key_list;
        std::string not_null;
        for (const auto& key : keys) {
            key_list += (key_list.empty() ? "" : ", ") + quote_identifier(key);
            not_null += (not_null.empty() ? "" : " AND ") + ("isNotNull(" + quote_identifier(key) + ")");
        }
        const auto most = count(client,
                                "SELECT max(`__ferry_n`) FROM (SELECT count() AS `__ferry_n` FROM " +
                                    quote_identifier(join.table) + " WHERE " + not_null + " GROUP BY " + key_list +
                                    ")",
                                seconds_per_query, {}, fmt::format("the keys of '{}'", join.table), hint.note);
        if (most && *most > 1) {
            hint.fan_out.push_back({join.table, keys, *most});
        }
    }
    return hint;
}

std::string describe(const JoinHint& hint) {
    std::string text = hint.rows ? fmt::format("The join returns {} row{}", *hint.rows, *hint.rows == 1 ? "" : "s") : "The join was not counted";
    for (const auto& fan : hint.fan_out) {
        std::string keys;
        for (const auto& key : fan.keys) {
            keys += (keys.empty() ? "" : ", ") + fan.table + "." + key;
        }
        text += fmt::format("; '{}' repeats a key (up to {} rows per {}): each matching row appears once per "
                            "repeat (ANY keeps one match)",
                            fan.table, fan.max_rows_per_key, keys);
    }
    if (!hint.note.empty()) {
        text += "; " + hint.note;
    }
    return text + ".";
}

} // namespace ferry::pipeline
