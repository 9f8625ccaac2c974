#include "formats/csv_buffer.h"

#include <algorithm>
#include <cstring>

namespace ferry::formats {

CsvBuffer::CsvBuffer(io::ReadStream& input, std::size_t capacity)
    : input_(input), data_(std::make_unique<char[]>(capacity + kPadding)), capacity_(capacity) {}

bool CsvBuffer::refill(std::size_t keep_from) {
    const std::size_t kept = size_ - keep_from;
    if (keep_from > 0 && kept > 0) {
        std::memmove(data_.get(), data_.get() + keep_from, kept);
    }
    size_ = kept;
    if (eof_) {
        return false;
    }
    // A record longer than half the block would leave only small reads behind it: double the block.
    // Growth is geometric, so a 100 MB field costs O(100 MB) copies in total.
    if (capacity_ - size_ < capacity_ / 2 || size_ == capacity_) {
        const std::size_t new_capacity = std::max(capacity_ * 2, size_ + 1);
        auto bigger = std::make_unique<char[]>(new_capacity + kPadding);
        std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = new_capacity;
    }
    const std::size_t n = input_.read(data_.get() + size_, capacity_ - size_);
    if (n == 0) {
        eof_ = true;
        return false;
    }
    size_ += n;
    return true;
}

} // namespace ferry::formats
