#pragma once
/// A ReadStream over a string that hands out 1 to `max_chunk` bytes per read, chosen at random with a fixed
/// seed: records then straddle every possible refill point of a reader's buffer, the same way every run.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>

#include "io/read_stream.h"

namespace ferry::test {

class TinyChunkStream final : public io::ReadStream {
public:
    explicit TinyChunkStream(std::string_view data, unsigned seed = 1, std::size_t max_chunk = 7)
        : data_(data), random_(seed), max_chunk_(max_chunk) {}
    std::size_t read(char* dst, std::size_t capacity) override {
        const std::size_t want = std::uniform_int_distribution<std::size_t>(1, max_chunk_)(random_);
        const std::size_t n = std::min({want, capacity, data_.size() - pos_});
        std::copy_n(data_.data() + pos_, n, dst);
        pos_ += n;
        return n;
    }
    std::uint64_t raw_bytes_read() const override { return pos_; }
    std::uint64_t total_bytes() const override { return data_.size(); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
    std::mt19937 random_;
    std::size_t max_chunk_;
};

} // namespace ferry::test
