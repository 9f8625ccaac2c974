#include "io/file_read_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "io/io_error.h"

namespace ferry::io {

namespace {
/// Linux never transfers more than about 2 GiB per read(2); asking for less keeps the arithmetic simple.
constexpr std::size_t kMaxReadSize = std::size_t{1} << 30;
} // namespace

FileReadStream::FileReadStream(const std::filesystem::path& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw_file_error("open", path_, errno);
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int err = errno;
        ::close(fd_);
        throw_file_error("open", path_, err);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd_);
        throw_file_error("open", path_, EISDIR);
    }
    if (S_ISREG(st.st_mode)) {
        total_bytes_ = static_cast<std::uint64_t>(st.st_size);
        // Tell the kernel we stream front to back so it reads ahead aggressively.
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
}

FileReadStream::~FileReadStream() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

std::size_t FileReadStream::read(char* dst, std::size_t capacity) {
    capacity = std::min(capacity, kMaxReadSize);
    for (;;) {
        const ssize_t n = ::read(fd_, dst, capacity);
        if (n >= 0) {
            bytes_read_ += static_cast<std::uint64_t>(n);
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            throw_file_error("read", path_, errno);
        }
    }
}

} // namespace ferry::io
