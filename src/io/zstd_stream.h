#pragma once
/// Zstandard through libzstd's streaming API, both directions.

#include <zstd.h>

#include <filesystem>
#include <memory>

#include "io/read_stream.h"
#include "io/write_stream.h"

namespace ferry::io {

/// Decompresses a zstd stream; concatenated frames (and skippable frames) are handled by libzstd. A
/// truncated or corrupt file throws Error(File).
class ZstdReadStream final : public ReadStream {
public:
    ZstdReadStream(std::unique_ptr<ReadStream> source, std::filesystem::path path);
    ~ZstdReadStream() override;
    ZstdReadStream(const ZstdReadStream&) = delete;
    ZstdReadStream& operator=(const ZstdReadStream&) = delete;

    std::size_t read(char* dst, std::size_t capacity) override;
    std::uint64_t raw_bytes_read() const override { return source_->raw_bytes_read(); }
    std::uint64_t total_bytes() const override { return source_->total_bytes(); }

private:
    std::unique_ptr<ReadStream> source_;
    std::filesystem::path path_;
    std::unique_ptr<char[]> input_;
    ZSTD_DCtx* dctx_ = nullptr;
    ZSTD_inBuffer in_{};
    bool source_eof_ = false;
    bool in_frame_ = false; ///< libzstd has not reported the end of the current frame yet
};

/// Compresses to a zstd frame (with content checksum) and passes the compressed bytes to `sink`.
class ZstdWriteStream final : public WriteStream {
public:
    ZstdWriteStream(WriteStream& sink, std::filesystem::path path, int level = 3);
    ~ZstdWriteStream() override;
    ZstdWriteStream(const ZstdWriteStream&) = delete;
    ZstdWriteStream& operator=(const ZstdWriteStream&) = delete;

    void write(std::string_view bytes) override;
    /// Ends the frame and finishes `sink`.
    void finish() override;

private:
    /// Returns libzstd's "bytes still to flush" hint.
    std::size_t compress(ZSTD_inBuffer& in, ZSTD_EndDirective mode);

    WriteStream& sink_;
    std::filesystem::path path_;
    std::unique_ptr<char[]> output_;
    ZSTD_CCtx* cctx_ = nullptr;
    bool finished_ = false;
};

} // namespace ferry::io
