#include "io/block_frame_decoder.h"

#include <lz4.h>

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::io {

namespace {

constexpr unsigned char kMethodStored = 0x02;
constexpr unsigned char kMethodLz4 = 0x82;
constexpr unsigned char kMethodZstd = 0x90;
constexpr std::uint32_t kMethodHeaderSize = 9; ///< method + the two sizes, counted in the compressed size

std::uint32_t get_u32(const char* at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(at[i]);
    }
    return value;
}

} // namespace

BlockFrameDecoder::BlockFrameDecoder(Sink sink) : sink_(std::move(sink)) {}

BlockFrameDecoder::~BlockFrameDecoder() {
    ZSTD_freeDCtx(zstd_);
}

void BlockFrameDecoder::corrupt(const std::string& what) const {
    throw Error(ErrorKind::Connection,
                fmt::format("the compressed answer is corrupt: block {} (at byte {}) {}", blocks_ + 1, offset_,
                            what));
}

std::size_t BlockFrameDecoder::block_size(const char* p, std::uint32_t& compressed_size,
                                          std::uint32_t& raw_size) const {
    const auto method = static_cast<unsigned char>(p[16]);
    if (method != kMethodLz4 && method != kMethodZstd && method != kMethodStored) {
        return 0;
    }
    compressed_size = get_u32(p + 17);
    raw_size = get_u32(p + 21);
    if (compressed_size < kMethodHeaderSize || compressed_size - kMethodHeaderSize > kMaxBlockSize ||
        raw_size > kMaxBlockSize) {
        corrupt(fmt::format("has impossible sizes ({} compressed, {} plain; at most {} are expected)",
                            compressed_size, raw_size, kMaxBlockSize));
    }
    return 16 + static_cast<std::size_t>(compressed_size);
}

void BlockFrameDecoder::decode_block(const char* p, std::uint32_t compressed_size, std::uint32_t raw_size) {
    const auto method = static_cast<unsigned char>(p[16]);
    const char* data = p + kHeaderSize;
    const std::size_t size = compressed_size - kMethodHeaderSize;
    std::string_view plain;
    if (method == kMethodStored) {
        if (size != raw_size) {
            corrupt(fmt::format("is stored with {} bytes but says {}", size, raw_size));
        }
        plain = std::string_view(data, size);
    } else {
        if (plain_.size() < raw_size) {
            plain_.resize(raw_size);
        }
        if (method == kMethodLz4) {
            const int n = LZ4_decompress_safe(data, plain_.data(), static_cast<int>(size),
                                              static_cast<int>(raw_size));
            if (n < 0 || static_cast<std::uint32_t>(n) != raw_size) {
                corrupt(fmt::format("does not decompress (LZ4) to its {} bytes", raw_size));
            }
        } else {
            if (zstd_ == nullptr && (zstd_ = ZSTD_createDCtx()) == nullptr) {
                throw Error(ErrorKind::Internal, "cannot create a zstd decompressor");
            }
            const std::size_t n = ZSTD_decompressDCtx(zstd_, plain_.data(), raw_size, data, size);
            if (ZSTD_isError(n) || n != raw_size) {
                corrupt(fmt::format("does not decompress (zstd) to its {} bytes{}", raw_size,
                                    ZSTD_isError(n) ? std::string(": ") + ZSTD_getErrorName(n) : ""));
            }
        }
        plain = std::string_view(plain_.data(), raw_size);
    }
    ++blocks_;
    offset_ += 16 + compressed_size;
    plain_bytes_ += plain.size();
    if (!plain.empty()) {
        sink_(plain);
    }
}

void BlockFrameDecoder::feed(std::string_view bytes) {
    if (in_tail_) {
        if (plain_tail_.size() + bytes.size() > kMaxPlainTail) {
            corrupt("does not start with a block header");
        }
        plain_tail_.append(bytes);
        return;
    }
    // Complete the block carried over, then decode whole blocks straight from `bytes`.
    while (!bytes.empty()) {
        const char* p = nullptr;
        std::size_t available = 0;
        if (!pending_.empty() || bytes.size() < kHeaderSize) {
            // Take just enough to know the block's size, then the rest of the block.
            std::size_t want = kHeaderSize;
            std::uint32_t compressed_size = 0;
            std::uint32_t raw_size = 0;
            if (pending_.size() >= kHeaderSize) {
                want = block_size(pending_.data(), compressed_size, raw_size);
            }
            const std::size_t take = std::min(bytes.size(), want - std::min(want, pending_.size()));
            pending_.append(bytes.data(), take);
            bytes.remove_prefix(take);
            if (pending_.size() < kHeaderSize) {
                return;
            }
            want = block_size(pending_.data(), compressed_size, raw_size);
            if (want == 0) {
                in_tail_ = true;
                std::string rest = std::move(pending_);
                pending_.clear();
                rest.append(bytes);
                feed(rest);
                return;
            }
            if (pending_.size() < want) {
                if (bytes.empty()) {
                    return;
                }
                continue;
            }
            decode_block(pending_.data(), compressed_size, raw_size);
            pending_.clear();
            continue;
        }
        p = bytes.data();
        available = bytes.size();
        std::uint32_t compressed_size = 0;
        std::uint32_t raw_size = 0;
        const std::size_t size = block_size(p, compressed_size, raw_size);
        if (size == 0) {
            in_tail_ = true;
            feed(bytes);
            return;
        }
        if (available < size) {
            pending_.reserve(size);
            pending_.assign(bytes.data(), bytes.size());
            return;
        }
        decode_block(p, compressed_size, raw_size);
        bytes.remove_prefix(size);
    }
}

void BlockFrameDecoder::finish() {
    if (pending_.empty()) {
        return;
    }
    std::uint32_t compressed_size = 0;
    std::uint32_t raw_size = 0;
    if (pending_.size() >= kHeaderSize && block_size(pending_.data(), compressed_size, raw_size) != 0) {
        corrupt(fmt::format("is cut off: the answer ended {} of its {} bytes into it", pending_.size(),
                            16 + std::size_t{compressed_size}));
    }
    // Too short for a header, or not one: a plain tail (the caller decides what it is).
    plain_tail_ += pending_;
    pending_.clear();
    in_tail_ = true;
}

void BlockFrameDecoder::throw_if_plain_tail() const {
    if (!plain_tail_.empty()) {
        throw Error(ErrorKind::Connection,
                    fmt::format("the compressed answer is corrupt: after {} blocks ({} bytes) it goes on with "
                                "{} bytes that are not a compressed block: '{}'",
                                blocks_, offset_, plain_tail_.size(), printable_value(plain_tail_, 60)));
    }
}

} // namespace ferry::io
