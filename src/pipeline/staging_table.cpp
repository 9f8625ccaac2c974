#include "pipeline/staging_table.h"

#include <fmt/format.h>

#include <random>

#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::pipeline {

using clickhouse::quote_identifier;

namespace {
std::string random_hex() {
    static thread_local std::mt19937_64 rng(std::random_device{}());
    return fmt::format("{:012x}", rng() & 0xffffffffffffULL);
}
} // namespace

StagingTable::StagingTable(clickhouse::HttpClient& client, const std::string& target,
                           const std::string& engine_clause)
    : client_(client), name_(std::string(kPrefix) + random_hex()) {
    client_.query(fmt::format("CREATE TABLE {} AS {} ENGINE = {}", quote_identifier(name_),
                              quote_identifier(target), engine_clause));
}

std::uint64_t StagingTable::count() {
    return std::stoull(
        client_.query(fmt::format("SELECT count() FROM {} FORMAT TabSeparated", quote_identifier(name_))));
}

void StagingTable::copy_into(const std::string& target, const std::vector<std::string>& columns,
                             const clickhouse::Settings& settings) {
    std::string list;
    for (const auto& column : columns) {
        list += (list.empty() ? "" : ", ") + quote_identifier(column);
    }
    client_.query(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", quote_identifier(target), list, list,
                              quote_identifier(name_)),
                  settings);
}

bool StagingTable::stop_merges() {
    try {
        client_.query(fmt::format("SYSTEM STOP MERGES {}", quote_identifier(name_)));
        return true;
    } catch (const Error&) {
        return false;
    }
}

StagingTable::~StagingTable() {
    try {
        // A fresh client: the import's client may be in the middle of an aborted transfer.
        clickhouse::HttpClient cleanup(client_.connection());
        cleanup.query(fmt::format("DROP TABLE IF EXISTS {}", quote_identifier(name_)));
    } catch (...) {
        // The server is gone; the next import drops leftovers by their prefix.
    }
}

void StagingTable::drop_leftovers(clickhouse::HttpClient& client) {
    const std::string names = client.query(fmt::format(
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, {}) "
        "AND metadata_modification_time < now() - 60 FORMAT TabSeparated",
        clickhouse::quote_string(kPrefix)));
    std::size_t start = 0;
    while (start < names.size()) {
        const auto end = names.find('\n', start);
        const std::string name = names.substr(start, end - start);
        start = end == std::string::npos ? names.size() : end + 1;
        if (name.empty()) {
            continue;
        }
        // The name is searched for in two halves so that this query's own text does not match it.
        const std::string in_use = client.query(fmt::format(
            "SELECT count() FROM system.processes WHERE position(query, concat({}, {})) > 0 "
            "FORMAT TabSeparated",
            clickhouse::quote_string(name.substr(0, 8)), clickhouse::quote_string(name.substr(8))));
        if (in_use.starts_with("0")) {
            client.query(fmt::format("DROP TABLE IF EXISTS {}", quote_identifier(name)));
        }
    }
}

} // namespace ferry::pipeline
