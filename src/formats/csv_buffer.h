#pragma once
/// The CSV reader's window onto its input: one block holding the record being parsed plus whatever the
/// last read brought after it. Records are parsed in place, so a record never straddles two blocks: when
/// the parser runs off the end, the unfinished record moves to the front and more input is read behind it.

#include <cstddef>
#include <memory>

#include "io/read_stream.h"

namespace ferry::formats {

class CsvBuffer {
public:
    /// Bytes past size() that are always allocated, so the scanner may load 16 bytes at a time.
    static constexpr std::size_t kPadding = 64;

    CsvBuffer(io::ReadStream& input, std::size_t capacity);

    char* data() { return data_.get(); }
    std::size_t size() const { return size_; }

    /// Moves bytes [keep_from, size()) to the front (so every index the caller holds drops by
    /// `keep_from`, and data() may change), grows the block when they fill more than half of it, and reads
    /// more behind them. Returns false at end of input.
    bool refill(std::size_t keep_from);

private:
    io::ReadStream& input_;
    std::unique_ptr<char[]> data_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    bool eof_ = false;
};

} // namespace ferry::formats
