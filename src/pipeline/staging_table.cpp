#include "pipeline/staging_table.h"

#include <fmt/format.h>

#include <random>

#include "clickhouse/load_sql.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::pipeline {

namespace load_sql = clickhouse::load_sql;


namespace {
std::string random_hex() {
    static thread_local std::mt19937_64 rng(std::random_device{}());
    return fmt::format("{:012x}", rng() & 0xffffffffffffULL);
}
} // namespace

StagingTable::StagingTable(clickhouse::HttpClient& client, const std::string& target,
                           const std::string& engine_clause)
    : client_(client), name_(std::string(kPrefix) + random_hex()) {
    client_.query(load_sql::create_staging(name_, target, engine_clause));
}

std::uint64_t StagingTable::count() {
    return std::stoull(client_.query(load_sql::count_rows(name_) + " FORMAT TabSeparated"));
}

void StagingTable::copy_into(const std::string& target, const std::vector<std::string>& columns,
                             const clickhouse::Settings& settings) {
    client_.query(load_sql::insert_select(target, name_, columns), settings);
}

bool StagingTable::stop_merges() {
    try {
        client_.query(load_sql::stop_merges(name_));
        return true;
    } catch (const Error&) {
        return false;
    }
}

StagingTable::~StagingTable() {
    try {
        // A fresh client: the import's client may be in the middle of an aborted transfer.
        clickhouse::HttpClient cleanup(client_.connection());
        cleanup.query(load_sql::drop_table(name_));
    } catch (...) {
        // The server is gone; the next import drops leftovers by their prefix.
    }
}

void StagingTable::drop_leftovers(clickhouse::HttpClient& client) {
    const std::string names = client.query(load_sql::leftover_tables(kPrefix) + " FORMAT TabSeparated");
    std::size_t start = 0;
    while (start < names.size()) {
        const auto end = names.find('\n', start);
        const std::string name = names.substr(start, end - start);
        start = end == std::string::npos ? names.size() : end + 1;
        if (name.empty()) {
            continue;
        }
        const std::string in_use = client.query(load_sql::queries_using(name) + " FORMAT TabSeparated");
        if (in_use.starts_with("0")) {
            client.query(load_sql::drop_table(name));
        }
    }
}

} // namespace ferry::pipeline
