#pragma once
/// Buffered writes to a file descriptor the caller owns. Small writes are gathered into one block; large
/// ones go straight to the file.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "io/write_stream.h"

namespace ferry::io {

class BackgroundSync;

class FileWriteStream final : public WriteStream {
public:
    /// Does not own `fd`. `path` only names the file in error messages. `sync`, if given, hears of every
    /// stretch written, to make it durable in the background.
    FileWriteStream(int fd, std::filesystem::path path, BackgroundSync* sync = nullptr);

    /// Throws Error(File) "cannot write <path>: <reason>", e.g. "No space left on device".
    void write(std::string_view bytes) override;
    /// Writes out the buffer; does not fsync.
    void finish() override;
    /// Bytes handed to this stream so far (written to the file or still buffered). Safe to read from
    /// another thread, for progress.
    std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

private:
    void write_fully(const char* data, std::size_t size);

    int fd_;
    std::filesystem::path path_;
    BackgroundSync* sync_;
    std::unique_ptr<char[]> buffer_;
    std::size_t buffered_ = 0;
    std::atomic<std::uint64_t> bytes_{0};
    std::uint64_t written_ = 0; ///< bytes handed to write(2)
    std::uint64_t flushed_ = 0; ///< bytes whose writeback has been started
    static constexpr std::uint64_t kWritebackStretch = 8 << 20;
};

} // namespace ferry::io
