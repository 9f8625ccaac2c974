#include "io/io_error.h"

#include <fmt/format.h>

#include <system_error>

#include "common/error.h"

namespace ferry::io {

void throw_file_error(std::string_view verb, const std::filesystem::path& path, int errnum) {
    // std::system_category().message() is strerror without strerror's thread-safety caveats.
    throw_file_error(verb, path, std::system_category().message(errnum));
}

void throw_file_error(std::string_view verb, const std::filesystem::path& path, std::string_view reason) {
    throw Error(ErrorKind::File, fmt::format("cannot {} {}: {}", verb, path.string(), reason));
}

} // namespace ferry::io
