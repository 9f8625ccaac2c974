#pragma once
/// Loading a rejects file back (rejects_file.h): once its records are fixed, `ferry import --file
/// x.rejects.csv` reads the `record` column alone, one record per row - the input's header first, then the
/// rejected records, in the input's own dialect, which the sniffer finds again. Recognised by its first line,
/// exactly `line,reason,record` or `file,line,reason,record`, as Ferry writes it.

#include <cstddef>
#include <filesystem>
#include <memory>

#include "io/file_sample.h"
#include "io/read_stream.h"

namespace ferry::pipeline {

/// True when `path` starts with a rejects file's header line.
bool is_rejects_file(const std::filesystem::path& path);

/// The records of a rejects file, each followed by LF (UTF-8, as Ferry writes rejects files).
std::unique_ptr<io::ReadStream> open_rejects_records(const std::filesystem::path& path);

/// The first `start_bytes` of open_rejects_records(), for the sniffer.
io::FileSample rejects_sample(const std::filesystem::path& path, std::size_t start_bytes = std::size_t{1} << 20);

} // namespace ferry::pipeline
