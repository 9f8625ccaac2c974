#pragma once
/// Builds the Error(File) messages of the io module, so every file failure reads the same way:
/// "cannot write /data/out.csv: No space left on device".

#include <filesystem>
#include <string_view>

namespace ferry::io {

/// Throws Error(File) "cannot <verb> <path>: <strerror(errnum)>".
[[noreturn]] void throw_file_error(std::string_view verb, const std::filesystem::path& path, int errnum);
/// Throws Error(File) "cannot <verb> <path>: <reason>".
[[noreturn]] void throw_file_error(std::string_view verb, const std::filesystem::path& path,
                                   std::string_view reason);

} // namespace ferry::io
