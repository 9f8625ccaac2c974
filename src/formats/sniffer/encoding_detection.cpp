#include "formats/sniffer/encoding_detection.h"

#include <cstdint>

namespace ferry::formats::sniffer {

namespace {

struct Utf8Scan {
    std::size_t multibyte = 0; ///< well-formed sequences of two or more bytes
    std::size_t invalid = 0;   ///< bytes that start no well-formed sequence
};

Utf8Scan scan_utf8(std::string_view bytes) {
    Utf8Scan scan;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t min = 0;
        std::uint32_t code = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2, min = 0x80, code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, min = 0x800, code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, code = c & 0x07;
        } else {
            ++scan.invalid;
            ++i;
            continue;
        }
        bool ok = true;
        for (std::size_t k = 1; k < length && ok; ++k) {
            if (i + k >= n) {
                return scan; // cut by the end of the sample
            }
            ok = (p[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (p[i + k] & 0x3F);
        }
        if (!ok || code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            ++scan.invalid;
            ++i;
            continue;
        }
        ++scan.multibyte;
        i += length;
    }
    return scan;
}

} // namespace

bool is_valid_utf8(std::string_view bytes) {
    return scan_utf8(bytes).invalid == 0;
}

bool looks_single_byte(std::string_view bytes) {
    const Utf8Scan scan = scan_utf8(bytes);
    return scan.invalid > 0 && scan.multibyte == 0;
}

EncodingGuess detect_encoding(std::string_view start) {
    EncodingGuess guess;
    if (start.starts_with("\xEF\xBB\xBF")) {
        guess.bom = true;
        return guess;
    }
    if (start.starts_with("\xFF\xFE")) {
        guess.encoding = io::TextEncoding::Utf16Le;
        guess.bom = true;
        return guess;
    }
    if (start.starts_with("\xFE\xFF")) {
        guess.encoding = io::TextEncoding::Utf16Be;
        guess.bom = true;
        return guess;
    }
    // UTF-16 without a BOM: text that is mostly ASCII has a zero in every other byte.
    const std::size_t probe = std::min<std::size_t>(start.size(), 4096) & ~std::size_t{1};
    if (probe >= 4) {
        std::size_t even_zero = 0, odd_zero = 0;
        for (std::size_t i = 0; i < probe; i += 2) {
            even_zero += start[i] == '\0';
            odd_zero += start[i + 1] == '\0';
        }
        const std::size_t units = probe / 2;
        if (odd_zero * 10 >= units * 9 && even_zero * 10 < units) {
            guess.encoding = io::TextEncoding::Utf16Le;
            guess.confidence = 0.9;
            return guess;
        }
        if (even_zero * 10 >= units * 9 && odd_zero * 10 < units) {
            guess.encoding = io::TextEncoding::Utf16Be;
            guess.confidence = 0.9;
            return guess;
        }
    }
    const Utf8Scan scan = scan_utf8(start);
    if (scan.invalid == 0) {
        return guess;
    }
    if (scan.multibyte > 0) {
        // Valid UTF-8 characters beside invalid bytes: a UTF-8 file with some damage. Read as UTF-8, so its
        // bytes pass through unchanged (re-encoding it as Windows-1252 would garble every real character).
        guess.confidence = 0.6;
        return guess;
    }
    guess.confidence = 0.8;
    guess.encoding = io::TextEncoding::Windows1252;
    for (const char c : start) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0x81 || u == 0x8D || u == 0x8F || u == 0x90 || u == 0x9D) {
            guess.encoding = io::TextEncoding::Latin1;
            break;
        }
    }
    return guess;
}

} // namespace ferry::formats::sniffer
