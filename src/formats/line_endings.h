#pragma once
/// Which byte ends a line: LF (with or without a CR before it), or a lone CR as classic Mac OS and some
/// Excel exports write. Decided once from the start of a file, by the reader and by the sniffer alike.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::formats {

/// How much of a file's start decides, when it holds no LF (with an LF, the start up to it decides).
constexpr std::size_t kLineEndingSample = 4096;

/// True when `start` (the start of a file) ends its lines with a lone CR: outside `quote`s, up to its first LF
/// (within its first kLineEndingSample bytes), it holds more CRs not followed by LF than LFs (the LF counts
/// one). So a CR in an LF file's first line (`a\rb,c\n`) is outvoted by that line's LF, a one-line CR file
/// (`a,b\r`) counts. Empty (undecided) when `start` is shorter than the sample, has no LF outside quotes and
/// is not the `whole` file: the caller reads more and asks again.
std::optional<bool> uses_cr_line_endings(std::string_view start, char quote = '"', bool whole = true);

/// Every lone CR of `text` turned into LF (CRLF kept), so code that splits lines on LF reads a CR file.
void cr_to_lf(std::string& text);

} // namespace ferry::formats
