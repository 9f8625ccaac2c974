#include "formats/sniffer/type_detection.h"

namespace ferry::formats::sniffer {

std::vector<ColumnTypeDetector> detect_types(std::span<const SampleRow> rows, std::size_t width,
                                             bool decimal_comma) {
    std::vector<ColumnTypeDetector> detectors(width, ColumnTypeDetector(decimal_comma));
    for (const auto& row : rows) {
        if (row.fields.size() != width || row.malformed) {
            continue;
        }
        for (std::size_t i = 0; i < width; ++i) {
            const auto& field = row.fields[i];
            if (field.is_null()) {
                detectors[i].add_null();
            } else {
                detectors[i].add(field.value);
            }
        }
    }
    return detectors;
}

bool uses_decimal_comma(const std::vector<ColumnTypeDetector>& detectors) {
    for (const auto& detector : detectors) {
        if (detector.saw_decimal_comma() && detector.result().format == ValueFormat::DecimalComma) {
            return true;
        }
    }
    return false;
}

} // namespace ferry::formats::sniffer
