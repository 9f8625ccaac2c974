#pragma once
/// The input files of an import: `--file` given once or several times, each a path, a directory (every
/// .csv, .tsv and .txt file in it, also .gz/.zst, not descending into subdirectories) or a quoted glob
/// (`'logs/2024-*/*.csv.gz'`, expanded by POSIX glob(3): `*`, `?`, `[...]`, no `**`). The result is sorted
/// within each argument, in argument order, each file once.

#include <filesystem>
#include <string>
#include <vector>

namespace ferry::pipeline {

/// True for the names a directory contributes: *.csv, *.tsv, *.txt, optionally followed by .gz or .zst
/// (case-insensitive). Hidden files (a leading '.', e.g. Ferry's own temporary files) never count.
bool is_data_file_name(const std::string& name);

/// True when `argument` holds glob characters (`*`, `?`, `[`).
bool is_glob(const std::string& argument);

/// Expands the arguments. Throws Error(File) naming the argument when a path does not exist, a glob
/// matches nothing, or a directory holds no data file.
std::vector<std::filesystem::path> expand_file_arguments(const std::vector<std::string>& arguments);

} // namespace ferry::pipeline
