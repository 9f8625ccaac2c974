#include "clickhouse/sql.h"

namespace ferry::clickhouse {

namespace {
/// ClickHouse reads the same escape sequences in backquoted identifiers and in string literals, so one
/// escaper serves both; only the quote character differs.
std::string quote(std::string_view text, char quote_char) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() + 2);
    out += quote_char;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\0':
            out += "\\0";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (ch == quote_char) {
                out += '\\';
                out += ch;
            } else if (c < 0x20 || c == 0x7f) {
                out += "\\x";
                out += kHex[c >> 4];
                out += kHex[c & 0x0f];
            } else {
                out += ch;
            }
        }
    }
    out += quote_char;
    return out;
}
} // namespace

std::string quote_identifier(std::string_view name) {
    return quote(name, '`');
}

std::string quote_string(std::string_view text) {
    return quote(text, '\'');
}

} // namespace ferry::clickhouse
