#include "io/write_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>

#include <fmt/format.h>

#include "common/error.h"
#include "io/background_sync.h"
#include "io/compression.h"
#include "io/file_write_stream.h"
#include "io/gzip_stream.h"
#include "io/io_error.h"
#include "io/zstd_stream.h"

namespace ferry::io {

namespace {

std::filesystem::path directory_of(const std::filesystem::path& target) {
    auto dir = target.parent_path();
    return dir.empty() ? std::filesystem::path(".") : dir;
}

std::string random_suffix() {
    std::random_device device;
    std::uint64_t value = (std::uint64_t{device()} << 32) ^ device();
    return fmt::format("{:016x}", value);
}

/// Makes the rename itself durable. Best effort: some filesystems refuse fsync on directories, and the
/// file content is already safe at this point.
void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

struct AtomicFile::Impl {
    int fd = -1;
    std::unique_ptr<BackgroundSync> sync; ///< flushes finished stretches while the file is written
    std::unique_ptr<FileWriteStream> file;
    std::unique_ptr<WriteStream> codec; ///< null for uncompressed targets
    WriteStream* top = nullptr;
    std::uint64_t sealed_bytes = 0; ///< bytes_on_disk() once sealed and the streams are freed

    void close_fd() {
        if (sync) {
            sync->stop(); // its thread uses fd
        }
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
};

AtomicFile::AtomicFile(const std::filesystem::path& target)
    : target_(target), impl_(std::make_unique<Impl>()) {
    const auto dir = directory_of(target_);
    const std::string name = target_.filename().string();
    if (name.empty()) {
        throw_file_error("write", target_, "not a file name");
    }
    // O_EXCL makes a clash with another writer's temporary file impossible; retry with a new name if so.
    for (int attempt = 0; impl_->fd < 0; ++attempt) {
        temp_path_ = dir / ("." + name + ".ferry-tmp-" + random_suffix());
        impl_->fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (impl_->fd < 0 && (errno != EEXIST || attempt == 10)) {
            throw_file_error("write", target_, errno);
        }
    }
    try {
        // Replacing a file keeps its permissions (a 0600 export stays private).
        struct stat st {};
        if (::stat(target_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            ::fchmod(impl_->fd, st.st_mode & 07777);
        }
        impl_->sync = std::make_unique<BackgroundSync>(impl_->fd);
        impl_->file = std::make_unique<FileWriteStream>(impl_->fd, target_, impl_->sync.get());
        switch (compression_for(target_)) {
        case Compression::Gzip:
            impl_->codec = std::make_unique<GzipWriteStream>(*impl_->file, target_);
            break;
        case Compression::Zstd:
            impl_->codec = std::make_unique<ZstdWriteStream>(*impl_->file, target_);
            break;
        case Compression::None:
        case Compression::Lz4:
            break;
        }
        impl_->top = impl_->codec ? impl_->codec.get() : impl_->file.get();
    } catch (...) {
        // The destructor does not run for a half-built object: clean up here.
        impl_->close_fd();
        ::unlink(temp_path_.c_str());
        throw;
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        impl_->close_fd();
        ::unlink(temp_path_.c_str());
    }
}

WriteStream& AtomicFile::stream() {
    return *impl_->top;
}

std::uint64_t AtomicFile::bytes_on_disk() const {
    return impl_->file ? impl_->file->bytes() : impl_->sealed_bytes;
}

void AtomicFile::seal() {
    if (sealed_) {
        return;
    }
    impl_->top->finish(); // a codec finishes the file stream below it
    if (const int error = impl_->sync->stop(); error != 0) {
        throw_file_error("write", target_, error);
    }
    if (::fsync(impl_->fd) != 0) {
        throw_file_error("write", target_, errno);
    }
    const int fd = impl_->fd;
    impl_->fd = -1;
    if (::close(fd) != 0) {
        throw_file_error("write", target_, errno);
    }
    // Free the buffers and codec state now: a long series of sealed files must not cost memory each.
    impl_->sealed_bytes = impl_->file->bytes();
    impl_->top = nullptr;
    impl_->codec.reset();
    impl_->file.reset();
    impl_->sync.reset();
    sealed_ = true;
}

void AtomicFile::commit() {
    if (committed_) {
        throw Error(ErrorKind::Internal, "AtomicFile::commit() called twice for " + target_.string());
    }
    seal();
    if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
        throw_file_error("write", target_, errno);
    }
    committed_ = true;
    sync_directory(directory_of(target_));
}

} // namespace ferry::io
