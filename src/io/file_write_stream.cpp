#include "io/file_write_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/background_sync.h"
#include "io/compression.h"
#include "io/io_error.h"

namespace ferry::io {

FileWriteStream::FileWriteStream(int fd, std::filesystem::path path, BackgroundSync* sync)
    : fd_(fd), path_(std::move(path)), sync_(sync),
      buffer_(std::make_unique_for_overwrite<char[]>(kIoBlockSize)) {}

void FileWriteStream::write(std::string_view bytes) {
    bytes_.fetch_add(bytes.size(), std::memory_order_relaxed);
    if (bytes.size() <= kIoBlockSize - buffered_) {
        std::memcpy(buffer_.get() + buffered_, bytes.data(), bytes.size());
        buffered_ += bytes.size();
        return;
    }
    if (buffered_ > 0) {
        // Top the buffer up so the file sees full blocks, then write it.
        const std::size_t fill = kIoBlockSize - buffered_;
        std::memcpy(buffer_.get() + buffered_, bytes.data(), fill);
        bytes.remove_prefix(fill);
        write_fully(buffer_.get(), kIoBlockSize);
        buffered_ = 0;
    }
    if (bytes.size() >= kIoBlockSize) {
        write_fully(bytes.data(), bytes.size());
        return;
    }
    std::memcpy(buffer_.get(), bytes.data(), bytes.size());
    buffered_ = bytes.size();
}

void FileWriteStream::finish() {
    if (buffered_ > 0) {
        write_fully(buffer_.get(), buffered_);
        buffered_ = 0;
    }
}

void FileWriteStream::write_fully(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, std::min(size, std::size_t{1} << 30));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_file_error("write", path_, errno);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
        written_ += static_cast<std::uint64_t>(n);
    }
    // Start writeback of each finished stretch now, without waiting for it, and let the background sync
    // (background_sync.h) make it durable, so the fsync before the final rename finds little left to do.
    if (written_ - flushed_ >= kWritebackStretch) {
        ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                          SYNC_FILE_RANGE_WRITE);
        flushed_ = written_;
        if (sync_ != nullptr) {
            sync_->written(written_);
        }
    }
}

} // namespace ferry::io
