#pragma once
/// Reads ClickHouse's compressed block framing as it streams in: the body of an HTTP answer to a query
/// sent with `compress=1` (and the format of block_framed_write_stream.h): a series of blocks, each
///     16-byte CityHash128 checksum | method byte | u32 compressed size (with this 9-byte header) |
///     u32 uncompressed size | compressed bytes
/// (little-endian), method 0x82 LZ4, 0x90 zstd or 0x02 stored. Each block's plain bytes go to the sink
/// as soon as the block is complete; memory is one block (the server's are at most ~1 MiB).
///
/// The checksum is not verified: it is CityHash128 v1.0.2, which no Debian package provides. What is
/// checked instead: the method, both sizes against kMaxBlockSize, and that the block decompresses to
/// exactly its stated size (LZ4_decompress_safe / ZSTD_decompress never read or write out of bounds).
/// TCP's checksums and, over HTTPS, TLS's MAC already guard the bytes in transit.
///
/// A ClickHouse server that fails mid-stream may end the answer with its exception text. 18.16 frames it
/// like the data; a server or proxy might also append it unframed. So bytes that do not start a block at
/// a block boundary are not an error at once: they are kept (up to kMaxPlainTail) as plain_tail() for the
/// caller, which either finds the server's exception there or reports the corruption.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <zstd.h>

namespace ferry::io {

class BlockFrameDecoder {
public:
    using Sink = std::function<void(std::string_view plain)>;

    explicit BlockFrameDecoder(Sink sink);
    ~BlockFrameDecoder();
    BlockFrameDecoder(const BlockFrameDecoder&) = delete;
    BlockFrameDecoder& operator=(const BlockFrameDecoder&) = delete;

    /// Decodes every block `bytes` completes. Throws Error(Connection) for a corrupt block.
    void feed(std::string_view bytes);
    /// End of the body: throws Error(Connection) when it ends inside a block. Bytes too short or wrong for
    /// a block header join plain_tail().
    void finish();
    /// Throws Error(Connection) naming the plain tail, if there is one (for a caller that found no
    /// server exception in it).
    void throw_if_plain_tail() const;

    std::uint64_t plain_bytes() const { return plain_bytes_; }
    std::uint64_t blocks() const { return blocks_; }
    /// Bytes after the last whole block that did not start a block (see the header comment).
    const std::string& plain_tail() const { return plain_tail_; }

    static constexpr std::size_t kHeaderSize = 16 + 1 + 4 + 4;
    /// Larger than any block a server writes (its buffers are 1 MiB; max_compress_block_size defaults to
    /// 1 MiB), small enough that a corrupt size cannot make Ferry allocate past its memory promise.
    static constexpr std::uint32_t kMaxBlockSize = 16u << 20;
    static constexpr std::size_t kMaxPlainTail = 64u << 10;

private:
    /// Decodes the block at `p` (whole: header + kHeaderSize-9+compressed size bytes).
    void decode_block(const char* p, std::uint32_t compressed_size, std::uint32_t raw_size);
    /// Size of the whole block whose header starts at `p` (kHeaderSize bytes available), or 0 when those
    /// bytes are not a block header (then they start the plain tail). Throws for impossible sizes.
    std::size_t block_size(const char* p, std::uint32_t& compressed_size, std::uint32_t& raw_size) const;
    [[noreturn]] void corrupt(const std::string& what) const;

    Sink sink_;
    ZSTD_DCtx* zstd_ = nullptr;
    std::string pending_; ///< an incomplete block carried over to the next feed()
    std::string plain_;   ///< decompression buffer
    std::string plain_tail_;
    bool in_tail_ = false;
    std::uint64_t offset_ = 0; ///< of the next block, in the framed body
    std::uint64_t plain_bytes_ = 0;
    std::uint64_t blocks_ = 0;
};

} // namespace ferry::io
