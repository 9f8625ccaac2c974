#include "io/file_digest.h"

#include <openssl/evp.h>

#include <memory>

#include <fmt/format.h>

#include "common/error.h"
#include "io/compression.h"
#include "io/file_read_stream.h"

namespace ferry::io {

std::string sha256_of_file(const std::filesystem::path& path) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
        throw Error(ErrorKind::Internal, "cannot start a SHA-256 digest (OpenSSL)");
    }
    FileReadStream file(path);
    const auto buffer = std::make_unique_for_overwrite<char[]>(kIoBlockSize);
    while (const std::size_t n = file.read(buffer.get(), kIoBlockSize)) {
        EVP_DigestUpdate(context.get(), buffer.get(), n);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context.get(), digest, &size);
    std::string hex;
    hex.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

} // namespace ferry::io
