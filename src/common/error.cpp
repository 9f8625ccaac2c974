#include "common/error.h"

#include <fmt/format.h>

#include "common/utf8.h"

namespace ferry {

std::string_view to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Usage:
        return "usage";
    case ErrorKind::Connection:
        return "connection";
    case ErrorKind::Tls:
        return "tls";
    case ErrorKind::Auth:
        return "auth";
    case ErrorKind::Query:
        return "query";
    case ErrorKind::Data:
        return "data";
    case ErrorKind::File:
        return "file";
    case ErrorKind::Cancelled:
        return "cancelled";
    case ErrorKind::Internal:
        return "internal";
    case ErrorKind::Conflict:
        return "conflict";
    case ErrorKind::Forbidden:
        return "forbidden";
    case ErrorKind::RateLimited:
        return "rate_limited";
    case ErrorKind::Limit:
        return "limit";
    }
    return "internal";
}

std::string printable_value(std::string_view value, std::size_t max_length) {
    std::string out;
    for (std::size_t i = 0; i < value.size() && out.size() < max_length; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    if (out.size() >= max_length && value.size() > max_length) {
        out += "…";
    }
    // Messages end up in JSON and terminals: a cut (or invalid) UTF-8 sequence must not break them.
    return to_valid_utf8(out);
}

std::string printable_names(const std::vector<std::string>& names, std::size_t max_length) {
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + printable_value(name, max_length);
    }
    return out;
}

} // namespace ferry
