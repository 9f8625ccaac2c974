#pragma once
/// A cheap identity for an input file, so the web app can tell "this file was already loaded": its size,
/// modification time, and a checksum of its first and last MiB. Reading 2 MiB keeps it instant for a
/// 10 GB file; together with size and mtime it tells a re-upload of the same bytes from an edited file.
/// It is a guard against accidents, not a proof of identity.

#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry::pipeline {

struct FileFingerprint {
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0; ///< last write time, nanoseconds since the Unix epoch
    std::string digest;           ///< 16 hex digits: CRC-32 of the first MiB, then of the last MiB

    bool operator==(const FileFingerprint&) const = default;
};

/// Throws Error(File) when the file cannot be read.
FileFingerprint fingerprint_file(const std::filesystem::path& path);

} // namespace ferry::pipeline
