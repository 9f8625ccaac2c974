#pragma once
/// A bounded sample of a file for sniffing: its start, plus a few blocks spread through the rest when the
/// file can be read at any offset (a plain file; compressed files give their start only). Reading it costs
/// the same for a 1 KB and a 1 GB file.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ferry::io {

struct FileSample {
    std::string start;               ///< the first bytes (decompressed)
    std::vector<std::string> blocks; ///< raw blocks from further in; each may begin and end mid-line
    bool whole_file = false;         ///< `start` is the whole file
};

/// Reads up to `start_bytes` from the start and, for an uncompressed file larger than that, `block_count`
/// blocks of `block_bytes` at evenly spaced offsets after the start. Throws Error(File) like open_input_file.
FileSample read_file_sample(const std::filesystem::path& path, std::size_t start_bytes = std::size_t{1} << 20,
                            std::size_t block_count = 8, std::size_t block_bytes = 64 << 10);

} // namespace ferry::io
