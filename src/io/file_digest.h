#pragma once
/// SHA-256 of a file's bytes as stored (compressed bytes for .gz/.zst), for manifests that let another
/// tool check each file it receives. OpenSSL's libcrypto does the hashing (SHA-NI where the CPU has it).

#include <filesystem>
#include <string>

namespace ferry::io {

/// Lower-case hex SHA-256 of the file's content. Throws Error(File) naming the path.
std::string sha256_of_file(const std::filesystem::path& path);

} // namespace ferry::io
