#include "formats/sniffer/sample_rows.h"

#include <algorithm>

namespace ferry::formats::sniffer {

std::vector<SampleRow> split_rows(std::string_view text, char delimiter, char quote, std::size_t max_rows,
                                  bool at_end, char escape, bool trim) {
    std::vector<SampleRow> rows;
    rows.reserve(std::min(max_rows, text.size() / 32 + 1));
    std::size_t width_hint = 0; // fields of the previous row: rows are usually alike
    std::size_t pos = 0;
    std::uint64_t line = 1;
    const std::size_t n = text.size();
    while (pos < n && rows.size() < max_rows) {
        SampleRow row;
        row.line = line;
        row.fields.reserve(width_hint);
        bool row_done = false;
        bool cut = false;
        // After a field, `p` is at its delimiter, its line ending or the end of the text.
        const auto end_field = [&](std::size_t p) {
            if (p >= n) {
                pos = n;
                cut = !at_end;
                row_done = true;
            } else if (text[p] == delimiter) {
                pos = p + 1;
                if (pos >= n) {
                    row.fields.push_back({}); // a delimiter at the very end: one more, empty field
                    cut = !at_end;
                    row_done = true;
                }
            } else {
                pos = p + 1;
                ++line;
                row_done = true;
            }
        };
        while (!row_done) {
            while (trim && pos < n && text[pos] == ' ') {
                ++pos; // --trim: spaces after a delimiter are not part of the field (`a, "b, c"`)
            }
            if (quote != 0 && pos < n && text[pos] == quote) {
                // Quoted field: up to the quote not followed by another quote.
                std::size_t p = pos + 1;
                const std::size_t begin = p;
                const std::uint64_t open_line = line;
                std::size_t close = std::string_view::npos;
                while (p < n) {
                    if (escape != 0 && text[p] == escape && p + 1 < n &&
                        (text[p + 1] == quote || text[p + 1] == escape)) {
                        p += 2;
                        continue;
                    }
                    if (text[p] == quote) {
                        if (p + 1 < n && text[p + 1] == quote) {
                            p += 2;
                            continue;
                        }
                        close = p;
                        break;
                    }
                    if (text[p] == '\n') {
                        ++line;
                    }
                    ++p;
                }
                if (close == std::string_view::npos) {
                    if (at_end) {
                        row.open_quote_line = open_line;
                        row.malformed = true;
                        rows.push_back(std::move(row));
                        return rows;
                    }
                    cut = true; // unterminated within the sample
                    break;
                }
                row.fields.push_back({text.substr(begin, close - begin), true});
                p = close + 1;
                // Skip to the next delimiter or line end; anything in between makes the row malformed.
                while (p < n && text[p] != delimiter && text[p] != '\n') {
                    if (!(text[p] == '\r' && p + 1 < n && text[p + 1] == '\n') && !row.malformed) {
                        row.malformed = true;
                        row.malformed_field = row.fields.size();
                        row.after_quote = text[p];
                    }
                    ++p;
                }
                end_field(p);
                continue;
            }
            std::size_t p = pos;
            while (p < n && text[p] != delimiter && text[p] != '\n') {
                ++p;
            }
            std::size_t end = p;
            if (p < n && text[p] == '\n' && end > pos && text[end - 1] == '\r') {
                --end;
            }
            if (p >= n && end > pos && text[end - 1] == '\r') {
                --end;
            }
            row.fields.push_back({text.substr(pos, end - pos), false});
            end_field(p);
        }
        if (cut) {
            break;
        }
        width_hint = row.fields.size();
        rows.push_back(std::move(row));
    }
    return rows;
}

void mark_stray_quotes(std::vector<SampleRow>& rows, char quote) {
    if (quote == 0) {
        return;
    }
    for (SampleRow& row : rows) {
        if (row.malformed || row.open_quote_line != 0) {
            continue;
        }
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            if (!row.fields[i].quoted && row.fields[i].value.find(quote) != std::string_view::npos) {
                row.stray_quote_field = i + 1;
                row.malformed = true;
                break;
            }
        }
    }
}

} // namespace ferry::formats::sniffer
