#pragma once

#include <string>
#include <string_view>

namespace ferry::formats {

/// How a flat file is laid out.
struct Dialect {
    char delimiter = ',';
    char quote = '"';
    bool header = true;
};

/// Parses a delimiter as users spell it: any single byte, or `tab`, `comma`, `semicolon`, `pipe`, `\t`.
/// Throws Error(Usage) otherwise.
char parse_delimiter(std::string_view text);

/// Picks a default delimiter from a file name: `.tsv`/`.tab` (also under .gz/.zst) mean tab, else comma.
char default_delimiter_for(std::string_view file_name);

} // namespace ferry::formats
