#include "formats/sniffer/type_outliers.h"

#include <algorithm>

#include "formats/type_detector.h"

namespace ferry::formats::sniffer {

namespace {

bool is_string_type(const std::string& type) {
    return type == "String" || type == "Nullable(String)";
}

} // namespace

std::vector<TypeOutlier> type_outliers(std::span<const SampleRow> rows, std::size_t width, bool decimal_comma) {
    std::vector<TypeOutlier> out;
    for (std::size_t column = 0; column < width; ++column) {
        ColumnTypeDetector all(decimal_comma);
        std::vector<std::size_t> candidates;
        std::size_t values = 0;
        for (std::size_t index = 0; index < rows.size(); ++index) {
            const auto& row = rows[index];
            if (row.fields.size() != width || row.malformed) {
                continue;
            }
            const auto& field = row.fields[column];
            if (field.is_null()) {
                all.add_null();
                continue;
            }
            all.add(field.value);
            ++values;
            if (detect_value_type(field.value) == ValueType::String) {
                candidates.push_back(index);
            }
        }
        const std::size_t allowed = std::max<std::size_t>(1, values / 100);
        if (!is_string_type(all.type()) || candidates.empty() || candidates.size() > allowed ||
            values - candidates.size() < kMinTypedValues) {
            continue;
        }
        ColumnTypeDetector rest(decimal_comma);
        for (std::size_t index = 0; index < rows.size(); ++index) {
            const auto& row = rows[index];
            if (row.fields.size() != width || row.malformed ||
                std::find(candidates.begin(), candidates.end(), index) != candidates.end()) {
                continue;
            }
            const auto& field = row.fields[column];
            field.is_null() ? rest.add_null() : rest.add(field.value);
        }
        const auto type = rest.type();
        if (is_string_type(type)) {
            continue; // the others do not agree on a type either: a text column
        }
        for (const auto index : candidates) {
            out.push_back({index, rows[index].line, column, std::string(rows[index].fields[column].value), type,
                           values - candidates.size()});
        }
    }
    return out;
}

} // namespace ferry::formats::sniffer
