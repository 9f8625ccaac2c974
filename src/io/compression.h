#pragma once
/// Which codec a file name asks for. Decided by extension only (case-insensitive), never by sniffing
/// content, so `ferry export ... out.csv.gz` always writes gzip.

#include <cstddef>
#include <filesystem>

namespace ferry::io {

/// Lz4 is a wire codec only (ClickHouse block framing); no file extension selects it.
enum class Compression { None, Gzip, Zstd, Lz4 };

Compression compression_for(const std::filesystem::path& path);

/// Block size for file and codec I/O: big enough that syscalls and codec calls are noise.
inline constexpr std::size_t kIoBlockSize = std::size_t{1} << 20;

} // namespace ferry::io
