#include "formats/csv_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ferry::formats {

namespace {

#if defined(__SSE2__)
/// Bit i is set when byte i of `block` is one of the four bytes that force quoting.
inline unsigned special_mask(__m128i block, __m128i delimiter, __m128i quote) {
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, delimiter), _mm_cmpeq_epi8(block, quote)),
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))));
    return static_cast<unsigned>(_mm_movemask_epi8(hits));
}

template <typename T> inline T load(const char* p) {
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

template <typename T> inline void store(char* p, T value) {
    std::memcpy(p, &value, sizeof value);
}
#endif

} // namespace

CsvWriter::CsvWriter(io::WriteStream& output, const Dialect& dialect)
    : output_(output), delimiter_(dialect.delimiter), quote_(dialect.quote),
      buffer_(std::make_unique_for_overwrite<char[]>(kBufferSize + kOverflow)), pos_(buffer_.get()),
      limit_(buffer_.get() + kBufferSize), capacity_end_(limit_ + kOverflow) {
    for (char c : {delimiter_, quote_, '\r', '\n'}) {
        special_[static_cast<unsigned char>(c)] = true;
    }
}

CsvWriter::~CsvWriter() = default;

/// Copies [src, src + size) to `dst` unless it holds a byte that forces quoting (then returns false, having
/// copied some or none of it). Checks and copies in one pass of loads that stay inside the value: 16-byte
/// blocks, the last one overlapping the one before; shorter values as two overlapping 8- or 4-byte words.
/// (Checking after copying instead stalls: a 16-byte load of bytes just stored in smaller pieces cannot be
/// forwarded from the store buffer.)
[[gnu::always_inline]] inline bool CsvWriter::copy_plain(char* dst, const char* src, std::size_t size) const {
#if defined(__SSE2__)
    const __m128i delimiter = _mm_set1_epi8(delimiter_);
    const __m128i quote = _mm_set1_epi8(quote_);
    if (size >= 16) {
        std::size_t i = 0;
        for (; i + 16 <= size; i += 16) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
            if (special_mask(block, delimiter, quote) != 0) {
                return false;
            }
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), block);
        }
        if (i < size) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + size - 16));
            if (special_mask(block, delimiter, quote) != 0) {
                return false;
            }
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + size - 16), block);
        }
        return true;
    }
    if (size >= 8) {
        const auto head = load<std::uint64_t>(src);
        const auto tail = load<std::uint64_t>(src + size - 8);
        const __m128i block = _mm_set_epi64x(static_cast<long long>(tail), static_cast<long long>(head));
        if (special_mask(block, delimiter, quote) != 0) {
            return false;
        }
        store(dst, head);
        store(dst + size - 8, tail);
        return true;
    }
    if (size >= 4) {
        const auto head = load<std::uint32_t>(src);
        const auto tail = load<std::uint32_t>(src + size - 4);
        const std::uint64_t both = head | std::uint64_t{tail} << 32;
        if (special_mask(_mm_set1_epi64x(static_cast<long long>(both)), delimiter, quote) != 0) {
            return false;
        }
        store(dst, head);
        store(dst + size - 4, tail);
        return true;
    }
#endif
    for (std::size_t i = 0; i < size; ++i) {
        if (special_[static_cast<unsigned char>(src[i])]) {
            return false;
        }
        dst[i] = src[i];
    }
    return true;
}

bool CsvWriter::has_special(const char* data, std::size_t size) const {
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i delimiter = _mm_set1_epi8(delimiter_);
    const __m128i quote = _mm_set1_epi8(quote_);
    for (; i + 16 <= size; i += 16) {
        if (special_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i)), delimiter, quote) !=
            0) {
            return true;
        }
    }
#endif
    for (; i < size; ++i) {
        if (special_[static_cast<unsigned char>(data[i])]) {
            return true;
        }
    }
    return false;
}

void CsvWriter::write_block() {
    output_.write(std::string_view(buffer_.get(), kBufferSize));
    const auto overflow = static_cast<std::size_t>(pos_ - limit_);
    std::memcpy(buffer_.get(), limit_, overflow); // kOverflow < kBufferSize: the ranges do not overlap
    pos_ = buffer_.get() + overflow;
}

void CsvWriter::put(const char* data, std::size_t size) {
    while (size > 0) {
        const std::size_t n = std::min(size, static_cast<std::size_t>(capacity_end_ - pos_));
        std::memcpy(pos_, data, n);
        pos_ += n;
        data += n;
        size -= n;
        if (pos_ >= limit_) {
            write_block();
        }
    }
}

void CsvWriter::append_quoted(std::string_view value) {
    put(quote_);
    for (;;) {
        const void* hit = std::memchr(value.data(), quote_, value.size());
        if (hit == nullptr) {
            put(value.data(), value.size());
            break;
        }
        const auto n = static_cast<std::size_t>(static_cast<const char*>(hit) - value.data()) + 1;
        put(value.data(), n); // up to and including the quote...
        put(quote_);          // ...which is doubled
        value.remove_prefix(n);
    }
    put(quote_);
}

[[gnu::always_inline]] inline void CsvWriter::append_field(std::string_view value) {
    const std::size_t size = value.size();
    if (size >= kOverflow) [[unlikely]] {
        append_long_field(value);
        return;
    }
    // pos_ < limit_, so the delimiter and the value fit in the overflow area.
    *pos_ = delimiter_;
    pos_ += first_in_row_ ? 0 : 1;
    first_in_row_ = false;
    if (size == 0 || edge_blank(value) || !copy_plain(pos_, value.data(), size)) [[unlikely]] {
        append_quoted(value); // "" is the empty string; nothing at all is NULL
        return;
    }
    pos_ += size;
    if (pos_ >= limit_) [[unlikely]] {
        write_block();
    }
}

void CsvWriter::append_long_field(std::string_view value) {
    if (!first_in_row_) {
        put(delimiter_);
    }
    first_in_row_ = false;
    if (edge_blank(value) || has_special(value.data(), value.size())) {
        append_quoted(value);
    } else {
        put(value.data(), value.size());
    }
}

void CsvWriter::field(std::string_view value) {
    append_field(value);
}

void CsvWriter::null_field() {
    if (!first_in_row_) {
        put(delimiter_);
    }
    first_in_row_ = false;
}

void CsvWriter::end_row() {
    put('\n');
    first_in_row_ = true;
}

void CsvWriter::write_row(std::span<const TsvField> row) {
    for (const TsvField& field : row) {
        if (field.is_null) {
            null_field();
        } else {
            append_field(field.value);
        }
    }
    end_row();
}

void CsvWriter::flush() {
    if (pos_ != buffer_.get()) { // less than a block: a full one was written as soon as it filled
        output_.write(std::string_view(buffer_.get(), static_cast<std::size_t>(pos_ - buffer_.get())));
        pos_ = buffer_.get();
    }
}

} // namespace ferry::formats
