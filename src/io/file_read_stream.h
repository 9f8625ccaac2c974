#pragma once
/// Unbuffered reads straight from a file descriptor: callers (CsvReader, the decompressors) already read
/// in large blocks, so an extra buffer here would only add a copy.

#include <cstdint>
#include <filesystem>

#include "io/read_stream.h"

namespace ferry::io {

class FileReadStream final : public ReadStream {
public:
    /// Throws Error(File) "cannot open <path>: <reason>" (missing file, no permission, a directory).
    explicit FileReadStream(const std::filesystem::path& path);
    ~FileReadStream() override;
    FileReadStream(const FileReadStream&) = delete;
    FileReadStream& operator=(const FileReadStream&) = delete;

    std::size_t read(char* dst, std::size_t capacity) override;
    std::uint64_t raw_bytes_read() const override { return bytes_read_; }
    std::uint64_t total_bytes() const override { return total_bytes_; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    std::uint64_t bytes_read_ = 0;
    std::uint64_t total_bytes_ = 0;
};

} // namespace ferry::io
