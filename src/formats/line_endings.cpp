#include "formats/line_endings.h"

#include <algorithm>
#include <cstddef>

namespace ferry::formats {

std::optional<bool> uses_cr_line_endings(std::string_view start, char quote, bool whole) {
    // Only line ends outside quotes vote: a quoted value may hold any of them (CsvWriter keeps a lone CR
    // in quotes), and a doubled quote toggles twice.
    std::size_t lone_crs = 0;
    bool quoted = false;
    const std::size_t n = std::min(start.size(), kLineEndingSample);
    for (std::size_t i = 0; i < n; ++i) {
        const char c = start[i];
        if (c == quote) {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (c == '\n') {
            return lone_crs > 1; // the first line end outside quotes decides with what came before it
        } else if (c == '\r' && (i + 1 < start.size() ? start[i + 1] != '\n' : whole)) {
            ++lone_crs;
        }
    }
    if (!whole && start.size() < kLineEndingSample) {
        return std::nullopt; // more of the file may still show an LF
    }
    return lone_crs > 0;
}

void cr_to_lf(std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
            text[i] = '\n';
        }
    }
}

} // namespace ferry::formats
