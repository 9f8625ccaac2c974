#pragma once
/// The character encodings Ferry reads flat files in. Everything past the reader is UTF-8: a file in
/// another encoding is transcoded while it streams (TranscodingReadStream), so parsers, previews and the
/// values sent to ClickHouse never see anything else.

#include <optional>
#include <string>
#include <string_view>

namespace ferry::io {

enum class TextEncoding {
    Utf8,        ///< with or without a BOM (the CSV reader skips the BOM)
    Utf16Le,     ///< Excel's "Unicode text": a BOM FF FE, then little-endian units
    Utf16Be,     ///< BOM FE FF
    Windows1252, ///< Western European ANSI files; a superset of Latin-1's printable characters
    Latin1,      ///< ISO-8859-1: every byte is the code point of the same number
};

/// "utf-8", "utf-16le", "utf-16be", "windows-1252", "latin-1": the names shown in JSON and tables.
std::string_view to_string(TextEncoding encoding);
/// Accepts the names above and common spellings (utf8, UTF-16, cp1252, iso-8859-1, latin1), case-insensitive;
/// nullopt otherwise.
std::optional<TextEncoding> parse_text_encoding(std::string_view name);

/// The name glibc's iconv knows the encoding by ("UTF-16LE", "WINDOWS-1252", ...).
const char* iconv_name(TextEncoding encoding);

/// Whole-buffer conversion to UTF-8, for samples. A sequence cut at the end of `bytes` is dropped;
/// bytes that are invalid in `encoding` become U+FFFD (a sample is only looked at, never loaded).
std::string decode_to_utf8(std::string_view bytes, TextEncoding encoding);

} // namespace ferry::io
