#pragma once
/// Byte sources. Formats read through this interface and never know whether bytes come from a file,
/// a decompressor or a socket.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

namespace ferry::io {

class ReadStream {
public:
    virtual ~ReadStream() = default;
    /// Reads up to `capacity` bytes into `dst`; returns 0 only at end of stream. Throws ferry::Error.
    virtual std::size_t read(char* dst, std::size_t capacity) = 0;
    /// Bytes consumed from the underlying file so far (compressed bytes for .gz/.zst), for progress
    /// against `total_bytes()`.
    virtual std::uint64_t raw_bytes_read() const = 0;
    /// Size of the underlying file, or 0 when unknown.
    virtual std::uint64_t total_bytes() const = 0;
};

/// Opens a file for streaming reads; `.gz` and `.zst` are decompressed transparently by extension.
/// Throws Error(File) naming the path when it cannot be opened.
std::unique_ptr<ReadStream> open_input_file(const std::filesystem::path& path);

} // namespace ferry::io
