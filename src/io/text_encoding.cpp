#include "io/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace ferry::io {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

/// iconv's name of an encoding (glibc spells them this way).
const char* iconv_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8:
        return "UTF-8";
    case TextEncoding::Utf16Le:
        return "UTF-16LE";
    case TextEncoding::Utf16Be:
        return "UTF-16BE";
    case TextEncoding::Windows1252:
        return "WINDOWS-1252";
    case TextEncoding::Latin1:
        return "ISO-8859-1";
    }
    return "UTF-8";
}

std::string_view to_string(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8:
        return "utf-8";
    case TextEncoding::Utf16Le:
        return "utf-16le";
    case TextEncoding::Utf16Be:
        return "utf-16be";
    case TextEncoding::Windows1252:
        return "windows-1252";
    case TextEncoding::Latin1:
        return "latin-1";
    }
    return "utf-8";
}

std::optional<TextEncoding> parse_text_encoding(std::string_view name) {
    struct Named {
        std::string_view name;
        TextEncoding encoding;
    };
    static constexpr std::array<Named, 14> kNames{{
        {"utf-8", TextEncoding::Utf8},
        {"utf8", TextEncoding::Utf8},
        {"utf-8-bom", TextEncoding::Utf8},
        {"utf-16le", TextEncoding::Utf16Le},
        {"utf-16", TextEncoding::Utf16Le}, // what Windows means by "Unicode"
        {"utf16le", TextEncoding::Utf16Le},
        {"utf-16be", TextEncoding::Utf16Be},
        {"utf16be", TextEncoding::Utf16Be},
        {"windows-1252", TextEncoding::Windows1252},
        {"cp1252", TextEncoding::Windows1252},
        {"latin-1", TextEncoding::Latin1},
        {"latin1", TextEncoding::Latin1},
        {"iso-8859-1", TextEncoding::Latin1},
        {"iso8859-1", TextEncoding::Latin1},
    }};
    const std::string lower = lowercase(name);
    for (const auto& named : kNames) {
        if (lower == named.name) {
            return named.encoding;
        }
    }
    return std::nullopt;
}

std::string decode_to_utf8(std::string_view bytes, TextEncoding encoding) {
    if (encoding == TextEncoding::Utf8) {
        return std::string(bytes);
    }
    iconv_t cd = iconv_open("UTF-8", iconv_name(encoding));
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw Error(ErrorKind::Internal, std::string("iconv cannot convert from ") + iconv_name(encoding));
    }
    const std::size_t unit = encoding == TextEncoding::Utf16Le || encoding == TextEncoding::Utf16Be ? 2 : 1;
    std::string out(bytes.size() * 3 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* dst = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno != EILSEQ || in_left < unit || out_left < 3) {
            break; // EINVAL: a character cut by the end of the sample
        }
        std::memcpy(dst, "\xEF\xBF\xBD", 3);
        dst += 3;
        out_left -= 3;
        in += unit;
        in_left -= unit;
    }
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

} // namespace ferry::io
