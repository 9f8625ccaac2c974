#pragma once
/// Bytes as spaced lowercase hex ("05 00 ff"): how the encoder tests state the exact bytes they expect.

#include <string>
#include <string_view>

namespace ferry::test {

inline std::string to_hex(std::string_view bytes) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        if (!out.empty()) {
            out += ' ';
        }
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

} // namespace ferry::test
