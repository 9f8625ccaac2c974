#include "pipeline/direct_insert.h"

#include <fmt/format.h>


namespace ferry::pipeline {

DirectInsert::DirectInsert(const clickhouse::TargetFacts& facts, const std::string& load_key) : facts_(facts) {
    // FNV-1a: the same load gets the same tokens in every run and every build.
    std::uint64_t hash = 14695981039346656037ULL;
    for (const unsigned char c : load_key) {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    token_ = fmt::format("ferry-{:016x}", hash);
}

clickhouse::Settings DirectInsert::insert_settings(std::uint64_t index) const {
    clickhouse::Settings settings;
    // Where the server knows it, each batch carries a token that depends only on the load and the batch
    // number: when the same file is loaded again after a fault, a deduplicating target (Replicated*, or
    // non_replicated_deduplication_window > 0) drops the batches that had landed instead of storing them
    // twice. 18.16 deduplicates Replicated targets by the block's checksum, which is the same for the same
    // batch. Ferry itself never resends an INSERT.
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
