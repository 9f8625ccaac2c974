#include "io/block_framed_write_stream.h"

#include <lz4.h>

#include <algorithm>
#include <cstring>

#include "common/error.h"

namespace ferry::io {

namespace {

constexpr unsigned char kMethodLz4 = 0x82;
constexpr unsigned char kMethodZstd = 0x90;

void put_u32(char* at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        at[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    }
}

} // namespace

BlockFramedWriteStream::BlockFramedWriteStream(WriteStream& sink, Compression codec, int level)
    : sink_(sink), codec_(codec), level_(level) {
    std::size_t bound = 0;
    if (codec_ == Compression::Zstd) {
        zstd_ = ZSTD_createCCtx();
        if (zstd_ == nullptr) {
            throw Error(ErrorKind::Internal, "cannot create a zstd compressor");
        }
        bound = ZSTD_compressBound(kIoBlockSize);
    } else if (codec_ == Compression::Lz4) {
        bound = static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(kIoBlockSize)));
    } else {
        throw Error(ErrorKind::Internal, "ClickHouse block framing takes zstd or lz4");
    }
    input_.reserve(kIoBlockSize);
    output_.resize(kHeaderSize + bound);
}

BlockFramedWriteStream::~BlockFramedWriteStream() {
    ZSTD_freeCCtx(zstd_);
}

void BlockFramedWriteStream::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const std::size_t n = std::min(bytes.size(), kIoBlockSize - input_.size());
        input_.append(bytes.data(), n);
        bytes.remove_prefix(n);
        if (input_.size() == kIoBlockSize) {
            flush_block();
        }
    }
}

void BlockFramedWriteStream::finish() {
    if (finished_) {
        return;
    }
    if (!input_.empty()) {
        flush_block();
    }
    finished_ = true;
    sink_.finish();
}

void BlockFramedWriteStream::flush_block() {
    char* payload = output_.data() + kHeaderSize;
    const std::size_t capacity = output_.size() - kHeaderSize;
    std::size_t size = 0;
    unsigned char method = 0;
    if (codec_ == Compression::Zstd) {
        size = ZSTD_compressCCtx(zstd_, payload, capacity, input_.data(), input_.size(), level_);
        if (ZSTD_isError(size)) {
            throw Error(ErrorKind::Internal,
                        std::string("zstd compression failed: ") + ZSTD_getErrorName(size));
        }
        method = kMethodZstd;
    } else {
        const int n = LZ4_compress_default(input_.data(), payload, static_cast<int>(input_.size()),
                                           static_cast<int>(capacity));
        if (n <= 0) {
            throw Error(ErrorKind::Internal, "lz4 compression failed");
        }
        size = static_cast<std::size_t>(n);
        method = kMethodLz4;
    }
    char* header = output_.data();
    std::memset(header, 0, 16); // checksum: not computed, see the header comment
    header[16] = static_cast<char>(method);
    put_u32(header + 17, static_cast<std::uint32_t>(size + 9));
    put_u32(header + 21, static_cast<std::uint32_t>(input_.size()));
    input_.clear();
    sink_.write(std::string_view(output_.data(), kHeaderSize + size));
}

} // namespace ferry::io
