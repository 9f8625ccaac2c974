#include "pipeline/direct_insert.h"

#include <fmt/format.h>

#include <random>

namespace ferry::pipeline {

DirectInsert::DirectInsert(clickhouse::HttpClient& client, const clickhouse::TargetFacts& facts)
    : facts_(facts) {
    (void)client;
    std::mt19937_64 rng(std::random_device{}());
    token_ = fmt::format("ferry-{:016x}", rng());
}

clickhouse::Settings DirectInsert::insert_settings(std::uint64_t index) const {
    clickhouse::Settings settings;
    // Where the server knows it, each batch carries its own token: a batch sent again after a network
    // fault is dropped by a deduplicating target (Replicated*, or non_replicated_deduplication_window)
    // instead of landing twice. 18.16 deduplicates Replicated targets by the block's checksum instead.
    if (facts_.has_deduplication_token) {
        settings["insert_deduplication_token"] = fmt::format("{}-{}", token_, index);
    }
    return settings;
}

void DirectInsert::commit(const std::vector<std::string>& columns, std::uint64_t rows) {
    (void)columns;
    (void)rows;
    // Every INSERT committed its rows as it finished.
}

} // namespace ferry::pipeline
