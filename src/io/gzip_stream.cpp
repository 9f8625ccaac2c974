#include "io/gzip_stream.h"

#include <algorithm>
#include <climits>
#include <string>

#include "common/error.h"
#include "io/compression.h"
#include "io/io_error.h"

namespace ferry::io {

namespace {

/// zlib counts in uInt (32 bits); larger requests are served in pieces.
constexpr std::size_t kMaxZlibChunk = std::size_t{1} << 30;

std::string zlib_reason(const z_stream& zs, int code) {
    if (zs.msg != nullptr) {
        return std::string("corrupt gzip data (") + zs.msg + ")";
    }
    return "corrupt gzip data (zlib error " + std::to_string(code) + ")";
}

} // namespace

GzipReadStream::GzipReadStream(std::unique_ptr<ReadStream> source, std::filesystem::path path)
    : source_(std::move(source)), path_(std::move(path)),
      input_(std::make_unique_for_overwrite<char[]>(kIoBlockSize)) {
    // 15 + 32: maximum window, and detect gzip or zlib headers automatically.
    if (inflateInit2(&zs_, 15 + 32) != Z_OK) {
        throw Error(ErrorKind::Internal, "cannot initialise zlib");
    }
}

GzipReadStream::~GzipReadStream() {
    inflateEnd(&zs_);
}

std::size_t GzipReadStream::read(char* dst, std::size_t capacity) {
    capacity = std::min(capacity, kMaxZlibChunk);
    zs_.next_out = reinterpret_cast<Bytef*>(dst);
    zs_.avail_out = static_cast<uInt>(capacity);
    while (zs_.avail_out > 0) {
        if (zs_.avail_in == 0 && !source_eof_) {
            const std::size_t n = source_->read(input_.get(), kIoBlockSize);
            if (n == 0) {
                source_eof_ = true;
            }
            zs_.next_in = reinterpret_cast<Bytef*>(input_.get());
            zs_.avail_in = static_cast<uInt>(n);
        }
        if (zs_.avail_in == 0 && source_eof_) {
            if (in_member_) {
                throw_file_error("read", path_, "unexpected end of gzip data (is the file truncated?)");
            }
            break;
        }
        if (member_done_) {
            // More input after a complete member: the next member of a concatenated file.
            inflateReset(&zs_);
            member_done_ = false;
        }
        in_member_ = true;
        const int rc = inflate(&zs_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            in_member_ = false;
            member_done_ = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            throw_file_error("read", path_, zlib_reason(zs_, rc));
        }
    }
    return capacity - zs_.avail_out;
}

GzipWriteStream::GzipWriteStream(WriteStream& sink, std::filesystem::path path, int level)
    : sink_(sink), path_(std::move(path)), output_(std::make_unique_for_overwrite<char[]>(kIoBlockSize)) {
    // 15 + 16: maximum window, gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw Error(ErrorKind::Internal, "cannot initialise zlib");
    }
    zs_.next_out = reinterpret_cast<Bytef*>(output_.get());
    zs_.avail_out = static_cast<uInt>(kIoBlockSize);
}

GzipWriteStream::~GzipWriteStream() {
    deflateEnd(&zs_);
}

void GzipWriteStream::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const std::size_t chunk = std::min(bytes.size(), kMaxZlibChunk);
        zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        zs_.avail_in = static_cast<uInt>(chunk);
        deflate_all(Z_NO_FLUSH);
        bytes.remove_prefix(chunk);
    }
}

void GzipWriteStream::finish() {
    if (finished_) {
        return;
    }
    zs_.next_in = nullptr;
    zs_.avail_in = 0;
    deflate_all(Z_FINISH);
    const std::size_t pending = kIoBlockSize - zs_.avail_out;
    if (pending > 0) {
        sink_.write(std::string_view(output_.get(), pending));
    }
    finished_ = true;
    sink_.finish();
}

void GzipWriteStream::deflate_all(int flush) {
    for (;;) {
        const int rc = deflate(&zs_, flush);
        if (rc == Z_STREAM_ERROR) {
            throw Error(ErrorKind::Internal, "zlib deflate failed writing " + path_.string());
        }
        if (zs_.avail_out == 0) {
            sink_.write(std::string_view(output_.get(), kIoBlockSize));
            zs_.next_out = reinterpret_cast<Bytef*>(output_.get());
            zs_.avail_out = static_cast<uInt>(kIoBlockSize);
            continue;
        }
        // Output space left over means deflate consumed all input (and, for Z_FINISH, wrote the trailer).
        if (flush != Z_FINISH || rc == Z_STREAM_END) {
            return;
        }
    }
}

} // namespace ferry::io
