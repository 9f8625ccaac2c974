#pragma once
/// In-memory streams: a ReadStream over bytes the caller keeps alive, and a WriteStream that collects into
/// a string. For tests, previews of pasted text, and anything else that already holds its bytes.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "io/read_stream.h"
#include "io/write_stream.h"

namespace ferry::io {

class MemoryReadStream final : public ReadStream {
public:
    /// `max_chunk` caps what one read() returns, to exercise readers' refill paths in tests.
    explicit MemoryReadStream(std::string_view data,
                              std::size_t max_chunk = std::numeric_limits<std::size_t>::max())
        : data_(data), max_chunk_(max_chunk) {}

    std::size_t read(char* dst, std::size_t capacity) override {
        const std::size_t n = std::min({capacity, max_chunk_, data_.size() - pos_});
        std::memcpy(dst, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    std::uint64_t raw_bytes_read() const override { return pos_; }
    std::uint64_t total_bytes() const override { return data_.size(); }

private:
    std::string_view data_;
    std::size_t max_chunk_;
    std::size_t pos_ = 0;
};

class StringWriteStream final : public WriteStream {
public:
    void write(std::string_view bytes) override { data_.append(bytes); }
    void finish() override { finished_ = true; }

    const std::string& data() const { return data_; }
    bool finished() const { return finished_; }

private:
    std::string data_;
    bool finished_ = false;
};

} // namespace ferry::io
