#include "io/gzip_member_write_stream.h"

#include <algorithm>

#include "common/error.h"
#include "io/compression.h"

namespace ferry::io {

GzipMemberWriteStream::GzipMemberWriteStream(WriteStream& sink, int level)
    : sink_(sink), compressor_(libdeflate_alloc_compressor(level)) {
    if (compressor_ == nullptr) {
        throw Error(ErrorKind::Internal, "cannot create a libdeflate compressor");
    }
    input_.reserve(kIoBlockSize);
    output_.resize(libdeflate_gzip_compress_bound(compressor_, kIoBlockSize));
}

GzipMemberWriteStream::~GzipMemberWriteStream() {
    libdeflate_free_compressor(compressor_);
}

void GzipMemberWriteStream::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const std::size_t n = std::min(bytes.size(), kIoBlockSize - input_.size());
        input_.append(bytes.data(), n);
        bytes.remove_prefix(n);
        if (input_.size() == kIoBlockSize) {
            flush_member();
        }
    }
}

void GzipMemberWriteStream::finish() {
    if (finished_) {
        return;
    }
    // Always at least one member: an empty body is still a valid gzip stream.
    flush_member();
    finished_ = true;
    sink_.finish();
}

void GzipMemberWriteStream::flush_member() {
    const std::size_t size =
        libdeflate_gzip_compress(compressor_, input_.data(), input_.size(), output_.data(), output_.size());
    if (size == 0) {
        throw Error(ErrorKind::Internal, "libdeflate could not compress a block");
    }
    input_.clear();
    sink_.write(std::string_view(output_.data(), size));
}

} // namespace ferry::io
