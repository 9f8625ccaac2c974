#pragma once
/// Which encoding a file's first bytes are in. Decided in this order: a BOM (UTF-8, UTF-16LE, UTF-16BE);
/// UTF-16 without a BOM when most even (or odd) bytes of ASCII-range text are zero; UTF-8 when the bytes
/// are valid UTF-8 (a sequence cut by the sample's end is allowed), or hold well-formed multi-byte UTF-8
/// characters beside some invalid bytes (a damaged UTF-8 file, passed through byte for byte); otherwise
/// Windows-1252, or Latin-1 when a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) occurs.

#include <string_view>

#include "io/text_encoding.h"

namespace ferry::formats::sniffer {

struct EncodingGuess {
    io::TextEncoding encoding = io::TextEncoding::Utf8;
    bool bom = false;
    double confidence = 1.0; ///< 1 with a BOM or for pure ASCII; lower when decided by byte statistics
};

EncodingGuess detect_encoding(std::string_view start);

/// True when `bytes` is valid UTF-8, allowing a sequence cut at the end.
bool is_valid_utf8(std::string_view bytes);
/// True when `bytes` has bytes that are not UTF-8 and no well-formed multi-byte UTF-8 character: text in a
/// single-byte encoding.
bool looks_single_byte(std::string_view bytes);

} // namespace ferry::formats::sniffer
