#include "pipeline/file_fingerprint.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "common/error.h"

namespace ferry::pipeline {

namespace {

constexpr std::uint64_t kEdgeBytes = 1 << 20;

std::uint32_t crc_of(std::ifstream& in, std::uint64_t offset, std::uint64_t length,
                     const std::filesystem::path& path) {
    std::vector<char> buffer(length);
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(buffer.data(), static_cast<std::streamsize>(length));
    if (static_cast<std::uint64_t>(in.gcount()) != length) {
        throw Error(ErrorKind::File, fmt::format("cannot read {}", path.filename().string()));
    }
    return static_cast<std::uint32_t>(
        crc32_z(0, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<z_size_t>(length)));
}

} // namespace

FileFingerprint fingerprint_file(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        throw Error(ErrorKind::File,
                    fmt::format("cannot read {}: {}", path.filename().string(), std::strerror(errno)));
    }
    FileFingerprint fingerprint;
    fingerprint.size = static_cast<std::uint64_t>(info.st_size);
    fingerprint.modified_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                              static_cast<std::int64_t>(info.st_mtim.tv_nsec);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::File, fmt::format("cannot open {}", path.filename().string()));
    }
    const std::uint64_t head = std::min(fingerprint.size, kEdgeBytes);
    const std::uint64_t tail = std::min(fingerprint.size, kEdgeBytes);
    fingerprint.digest = fmt::format("{:08x}{:08x}", crc_of(in, 0, head, path),
                                     crc_of(in, fingerprint.size - tail, tail, path));
    return fingerprint;
}

} // namespace ferry::pipeline
