#include "formats/sniffer/extra_header_rows.h"

#include "formats/sniffer/type_detection.h"

namespace ferry::formats::sniffer {

namespace {

bool is_header_like(const SampleRow& row, const std::vector<ColumnTypeDetector>& below, std::size_t width) {
    if (row.fields.size() != width || row.malformed) {
        return false;
    }
    std::size_t typed = 0;
    for (std::size_t i = 0; i < width; ++i) {
        if (row.fields[i].is_null()) {
            return false;
        }
        if (below[i].result().type.find("String") != std::string::npos) {
            continue;
        }
        ++typed;
        if (below[i].fits(row.fields[i].value)) {
            return false;
        }
    }
    return typed > 0;
}

} // namespace

std::size_t extra_header_rows(std::span<const SampleRow> rows, std::size_t width, bool decimal_comma) {
    // The most rows k such that each of the first k fails the types of the rows below all of them (checking
    // row 0 against rows 1.. alone would not do: a second header row turns those types to String).
    for (std::size_t k = kMaxExtraHeaderRows; k >= 1; --k) {
        if (rows.size() < k + 2) {
            continue;
        }
        const auto below = detect_types(rows.subspan(k), width, decimal_comma);
        bool all = true;
        for (std::size_t i = 0; i < k && all; ++i) {
            all = is_header_like(rows[i], below, width);
        }
        if (all) {
            return k;
        }
    }
    return 0;
}

} // namespace ferry::formats::sniffer
