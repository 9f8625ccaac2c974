#pragma once
/// ClickHouse's own compressed block framing, the format of its native protocol and of HTTP bodies sent
/// with `decompress=1`: a series of blocks, each
///     16-byte CityHash128 checksum | method byte | u32 compressed size (with this 9-byte header) |
///     u32 uncompressed size | compressed bytes
/// (integers little-endian), zstd (method 0x90) or LZ4 (0x82) per block. Unlike `Content-Encoding`, which
/// Debian's 18.16 takes only for gzip and deflate, every server since 2017 reads zstd and LZ4 blocks.
/// Ferry does not compute the checksum (it is CityHash v1.0.2, which no Debian package provides): the
/// field is zero and the request asks the server not to check it
/// (`http_native_compression_disable_checksumming_on_decompress=1`). TCP's (and TLS's) own checks still
/// apply, and each block's sizes are checked by the server's decompressor.

#include <zstd.h>

#include <memory>
#include <string>

#include "io/compression.h"
#include "io/write_stream.h"

namespace ferry::io {

class BlockFramedWriteStream final : public WriteStream {
public:
    /// `codec`: Zstd or Lz4 (Gzip is refused: ClickHouse's framing has no gzip method).
    BlockFramedWriteStream(WriteStream& sink, Compression codec, int level = 1);
    ~BlockFramedWriteStream() override;
    BlockFramedWriteStream(const BlockFramedWriteStream&) = delete;
    BlockFramedWriteStream& operator=(const BlockFramedWriteStream&) = delete;

    void write(std::string_view bytes) override;
    /// Frames what is buffered as the last block (none for an empty body) and finishes `sink`.
    void finish() override;

    static constexpr std::size_t kHeaderSize = 16 + 1 + 4 + 4;

private:
    void flush_block();

    WriteStream& sink_;
    Compression codec_;
    int level_;
    ZSTD_CCtx* zstd_ = nullptr;
    std::string input_;
    std::string output_;
    bool finished_ = false;
};

} // namespace ferry::io
