#include "io/zstd_stream.h"

#include <string>

#include "common/error.h"
#include "io/compression.h"
#include "io/io_error.h"

namespace ferry::io {

ZstdReadStream::ZstdReadStream(std::unique_ptr<ReadStream> source, std::filesystem::path path)
    : source_(std::move(source)), path_(std::move(path)),
      input_(std::make_unique_for_overwrite<char[]>(kIoBlockSize)), dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) {
        throw Error(ErrorKind::Internal, "cannot initialise zstd");
    }
    in_.src = input_.get();
}

ZstdReadStream::~ZstdReadStream() {
    ZSTD_freeDCtx(dctx_);
}

std::size_t ZstdReadStream::read(char* dst, std::size_t capacity) {
    ZSTD_outBuffer out{dst, capacity, 0};
    while (out.pos < out.size) {
        if (in_.pos == in_.size && !source_eof_) {
            in_.size = source_->read(input_.get(), kIoBlockSize);
            in_.pos = 0;
            source_eof_ = in_.size == 0;
        }
        const bool input_exhausted = in_.pos == in_.size;
        if (input_exhausted && !in_frame_) {
            break; // clean end of stream
        }
        const std::size_t out_before = out.pos;
        const std::size_t rc = ZSTD_decompressStream(dctx_, &out, &in_);
        if (ZSTD_isError(rc)) {
            throw_file_error("read", path_, std::string("corrupt zstd data (") + ZSTD_getErrorName(rc) + ")");
        }
        // 0 means a frame was completely decoded and flushed.
        in_frame_ = rc != 0;
        if (input_exhausted && in_frame_ && out.pos == out_before) {
            throw_file_error("read", path_, "unexpected end of zstd data (is the file truncated?)");
        }
    }
    return out.pos;
}

ZstdWriteStream::ZstdWriteStream(WriteStream& sink, std::filesystem::path path, int level)
    : sink_(sink), path_(std::move(path)), output_(std::make_unique_for_overwrite<char[]>(kIoBlockSize)),
      cctx_(ZSTD_createCCtx()) {
    if (cctx_ == nullptr) {
        throw Error(ErrorKind::Internal, "cannot initialise zstd");
    }
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
}

ZstdWriteStream::~ZstdWriteStream() {
    ZSTD_freeCCtx(cctx_);
}

void ZstdWriteStream::write(std::string_view bytes) {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (in.pos < in.size) {
        compress(in, ZSTD_e_continue);
    }
}

void ZstdWriteStream::finish() {
    if (finished_) {
        return;
    }
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (compress(in, ZSTD_e_end) != 0) {
    }
    finished_ = true;
    sink_.finish();
}

std::size_t ZstdWriteStream::compress(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{output_.get(), kIoBlockSize, 0};
    const std::size_t rc = ZSTD_compressStream2(cctx_, &out, &in, mode);
    if (ZSTD_isError(rc)) {
        throw Error(ErrorKind::Internal,
                    "zstd compression failed writing " + path_.string() + ": " + ZSTD_getErrorName(rc));
    }
    if (out.pos > 0) {
        sink_.write(std::string_view(output_.get(), out.pos));
    }
    return rc;
}

} // namespace ferry::io
