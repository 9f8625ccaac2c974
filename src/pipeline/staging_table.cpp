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

StagingTable::StagingTable(clickhouse::HttpClient& client, const std::string& target)
    : client_(client), target_(target) {
    // Keep the name short and plain whatever the target is called; the random part makes it unique.
    std::string stem;
    for (char c : target) {
        if (stem.size() < 32 && (std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
            stem += c;
        }
    }
    name_ = std::string(kPrefix) + stem + "_" + random_hex();
    client_.query(fmt::format("CREATE TABLE {} AS {}", quote_identifier(name_), quote_identifier(target_)));
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

void StagingTable::move_rows_to_target(const std::vector<std::string>& columns) {
    if (attach_parts_to_target()) {
        return;
    }
    std::string list;
    for (const auto& column : columns) {
        list += (list.empty() ? "" : ", ") + quote_identifier(column);
    }
    client_.query(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", quote_identifier(target_), list, list,
                              quote_identifier(name_)));
}

bool StagingTable::attach_parts_to_target() {
    const std::string engine = client_.query(
        fmt::format("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = {} "
                    "FORMAT TabSeparated",
                    clickhouse::quote_string(target_)));
    if (engine.find("MergeTree") == std::string::npos) {
        return false;
    }
    const std::string partitions = client_.query(
        fmt::format("SELECT DISTINCT partition_id FROM system.parts WHERE database = currentDatabase() AND "
                    "table = {} AND active FORMAT TabSeparated",
                    clickhouse::quote_string(name_)));
    bool attached_any = false;
    std::size_t start = 0;
    while (start < partitions.size()) {
        const auto end = partitions.find('\n', start);
        const std::string id = partitions.substr(start, end - start);
        start = end == std::string::npos ? partitions.size() : end + 1;
        if (id.empty()) {
            continue;
        }
        try {
            client_.query(fmt::format("ALTER TABLE {} ATTACH PARTITION ID {} FROM {}",
                                      quote_identifier(target_), clickhouse::quote_string(id),
                                      quote_identifier(name_)));
            attached_any = true;
        } catch (const Error&) {
            if (attached_any) {
                throw;
            }
            // This server or table cannot attach parts (e.g. another storage policy): copy the rows instead.
            return false;
        }
    }
    return true;
}

} // namespace ferry::pipeline
