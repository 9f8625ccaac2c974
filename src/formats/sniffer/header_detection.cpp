#include "formats/sniffer/header_detection.h"

#include <set>
#include <string>

namespace ferry::formats::sniffer {

namespace {

bool is_text(const ColumnType& type) {
    return type.type == "String" || type.type == "Nullable(String)";
}

bool looks_typed(std::string_view value) {
    ColumnTypeDetector detector(false);
    detector.add(value);
    const ColumnType type = detector.result();
    return !is_text(type) || !type.note.empty(); // an ambiguous date is still a date, not a name
}

} // namespace

HeaderGuess detect_header(const SampleRow& first, const std::vector<ColumnTypeDetector>& below,
                          std::span<const SampleRow> rows_below) {
    HeaderGuess guess;
    const auto& cells = first.fields;
    bool any_typed_column = false;
    std::size_t misfits = 0, fits = 0;
    if (below.size() == cells.size()) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto type = below[i].result();
            if (is_text(type) || type.type == "Nullable(String)") {
                continue;
            }
            any_typed_column = true;
            if (cells[i].is_null()) {
                continue; // an empty header cell says nothing
            }
            (below[i].fits(cells[i].value) ? fits : misfits) += 1;
        }
    }
    if (any_typed_column && misfits + fits > 0) {
        guess.header = misfits > 0;
        guess.confidence = static_cast<double>(guess.header ? misfits : fits) / static_cast<double>(misfits + fits);
        return guess;
    }
    // Every column is text (or the file has one row): judge the first row by itself.
    std::set<std::string_view> seen;
    for (const auto& cell : cells) {
        if (cell.value.empty() || looks_typed(cell.value) || !seen.insert(cell.value).second) {
            guess.header = false;
            guess.confidence = 0.6;
            return guess;
        }
    }
    for (const auto& row : rows_below) {
        for (std::size_t i = 0; i < cells.size() && i < row.fields.size(); ++i) {
            if (!row.fields[i].is_null() && row.fields[i].value == cells[i].value) {
                guess.header = false; // the "header" repeats as data
                guess.confidence = 0.6;
                return guess;
            }
        }
    }
    guess.header = true;
    guess.confidence = rows_below.empty() ? 0.6 : 0.8;
    return guess;
}

} // namespace ferry::formats::sniffer
