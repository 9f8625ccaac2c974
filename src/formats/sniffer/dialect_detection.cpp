#include "formats/sniffer/dialect_detection.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "formats/sniffer/sample_rows.h"

namespace ferry::formats::sniffer {

namespace {

/// Rows and bytes each candidate is scored on: enough to see a pattern, few enough to try many candidates
/// within the time budget of `ferry columns`.
constexpr std::size_t kDialectRows = 200;
constexpr std::size_t kDialectBytes = 64 << 10;

constexpr std::array<char, 4> kStandard{',', ';', '\t', '|'};

struct Evaluation {
    double score = 0;
    double consistency = 0;
    std::size_t width = 0;
    std::size_t skip_lines = 0;
};

/// A cell that still holds a standard delimiter (outside quotes) is a fragment of a wider row split
/// wrongly; so is an unquoted value with a quote inside. Any other cell reads as something.
bool clean_cell(const SampleField& field, char delimiter, char quote) {
    if (field.quoted || field.value.empty()) {
        return true;
    }
    // A value that starts or ends with a quote mark was cut out of a quoted field by the wrong split.
    const char first = field.value.front(), last = field.value.back();
    if (first == '"' || first == '\'' || last == '"' || last == '\'') {
        return false;
    }
    for (const char c : field.value) {
        if (c == quote && quote != 0) {
            return false;
        }
        if (c != delimiter && std::find(kStandard.begin(), kStandard.end(), c) != kStandard.end()) {
            // "1,50" under a semicolon is a decimal comma, not a fragment
            if (c == ',' && delimiter != ',') {
                bool numeric = true;
                for (const char d : field.value) {
                    numeric = numeric && ((d >= '0' && d <= '9') || d == ',' || d == '.' || d == '-');
                }
                if (numeric) {
                    continue;
                }
            }
            return false;
        }
    }
    return true;
}

Evaluation evaluate(std::string_view text, bool at_end, char delimiter, char quote, char escape) {
    Evaluation out;
    const auto rows = split_rows(text, delimiter, quote, kDialectRows, at_end, escape);
    std::map<std::size_t, std::size_t> widths; // width -> rows
    for (const auto& row : rows) {
        if (!row.blank() && !row.comment()) {
            ++widths[row.fields.size()];
        }
    }
    if (widths.empty()) {
        return out;
    }
    // The table's width: the most common, the wider on a tie.
    std::size_t width = 0, most = 0;
    for (const auto& [w, count] : widths) {
        if (count >= most) {
            width = w, most = count;
        }
    }
    out.width = width;
    // The table starts at the first row at least that wide; blank, comment and narrower rows before it
    // (titles) are skipped.
    std::size_t first = 0;
    std::size_t preamble = 0;
    while (first < rows.size() &&
           (rows[first].blank() || rows[first].comment() || rows[first].fields.size() < width)) {
        preamble += !rows[first].blank();
        ++first;
    }
    if (first == rows.size()) {
        return out;
    }
    out.skip_lines = rows[first].line - 1;

    std::map<std::size_t, std::size_t> table_widths;
    std::size_t table_rows = 0, cells = 0, clean = 0;
    bool malformed = false;
    for (std::size_t i = first; i < rows.size(); ++i) {
        const auto& row = rows[i];
        if (row.blank()) {
            continue;
        }
        ++table_rows;
        ++table_widths[row.fields.size()];
        malformed = malformed || row.malformed;
        if (row.fields.size() == width) {
            for (const auto& field : row.fields) {
                ++cells;
                clean += clean_cell(field, delimiter, quote);
            }
        }
    }
    // CleverCSV's pattern score: rows of each width count (L-1)/L, averaged over the widths seen.
    double pattern = 0;
    for (const auto& [w, count] : table_widths) {
        pattern += static_cast<double>(count) / static_cast<double>(table_rows) * static_cast<double>(w - 1) /
                   static_cast<double>(w);
    }
    pattern /= static_cast<double>(table_widths.size());
    const double type = cells == 0 ? 0 : static_cast<double>(clean) / static_cast<double>(cells);
    out.consistency = static_cast<double>(table_widths[width]) / static_cast<double>(table_rows);
    out.score = pattern * std::max(type, 0.01) * static_cast<double>(table_rows) /
                static_cast<double>(table_rows + preamble) * (malformed ? 0.5 : 1.0);
    return out;
}

/// Bytes other than the standard four that occur on nearly every line: ASCII control bytes (\x01 from
/// Hive, \x1f) and a few punctuation marks never found inside ordinary values. ':' '.' '-' '/' are left
/// out: times, numbers and dates hold them on every line.
std::vector<char> extra_candidates(std::string_view text) {
    std::array<std::size_t, 128> lines_with{};
    std::array<bool, 128> on_line{};
    std::size_t lines = 0;
    for (std::size_t i = 0; i < text.size() && lines < kDialectRows; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            for (std::size_t b = 0; b < 128; ++b) {
                lines_with[b] += on_line[b];
            }
            on_line.fill(false);
            ++lines;
        } else if (c < 128) {
            on_line[c] = true;
        }
    }
    std::vector<char> out;
    if (lines == 0) {
        return out;
    }
    for (unsigned char c = 1; c < 128; ++c) {
        const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
        const bool punct = c == '^' || c == '~' || c == '!' || c == '`';
        if ((control || punct) && lines_with[c] * 10 >= lines * 9) {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

} // namespace

DialectGuess detect_dialect(std::string_view text, bool at_end, std::optional<char> delimiter,
                            std::optional<char> quote, char fallback, std::optional<char> escape) {
    if (text.size() > kDialectBytes) {
        text = text.substr(0, kDialectBytes);
        at_end = false;
    }
    std::vector<std::pair<char, double>> delimiters; // candidate, prior
    if (delimiter) {
        delimiters.emplace_back(*delimiter, 1.0);
    } else {
        // The fallback (from the file name) first, so it wins ties.
        delimiters.emplace_back(fallback, 1.0);
        for (const char c : kStandard) {
            if (c != fallback) {
                delimiters.emplace_back(c, 1.0);
            }
        }
        for (const char c : extra_candidates(text)) {
            delimiters.emplace_back(c, 0.95);
        }
        // Space-separated tables (fixed reports, `a b c` exports): a low prior, since text holds spaces
        // everywhere; it wins only when every other candidate leaves one column, and with
        // three columns or more.
        if (fallback != ' ') {
            delimiters.emplace_back(' ', 0.5);
        }
    }
    std::vector<char> quotes;
    if (quote) {
        quotes.push_back(*quote);
    } else if (text.find('"') != std::string_view::npos) {
        // Double quotes in the file: they are the quotes, and a malformed quoted field is a bad row to
        // report rather than a reason to read the file with another quote character.
        quotes = {'"'};
    } else {
        quotes = {'"', '\''};
    }

    DialectGuess best;
    best.delimiter = delimiter.value_or(fallback);
    best.quote = quote.value_or('"');
    best.escape = escape.value_or(0);
    double rival = 0; // best score of another delimiter
    double best_consistency = 0;
    bool have_best = false;
    for (const auto& [d, prior] : delimiters) {
        DialectGuess here;
        double consistency = 0;
        bool have_here = false;
        for (const char q : quotes) {
            if (q == d) {
                continue;
            }
            std::vector<char> escapes;
            if (escape) {
                escapes.push_back(*escape);
            } else {
                escapes.push_back(0);
                if (d != '\\' && text.find(std::string{'\\', q}) != std::string_view::npos) {
                    escapes.push_back('\\');
                }
            }
            for (const char esc : escapes) {
                const Evaluation e = evaluate(text, at_end, d, q, esc);
                if (d == ' ' && !delimiter && e.width < 3) {
                    continue; // two "columns" split by a space are more often one value: "2024-05-01 12:00"
                }
                const double score = e.score * prior;
                if (!have_here || score > here.score) {
                    here.delimiter = d, here.quote = q, here.escape = esc, here.score = score, here.width = e.width;
                    here.skip_lines = e.skip_lines;
                    consistency = e.consistency;
                    have_here = true;
                }
            }
        }
        if (!have_here) {
            continue;
        }
        if (!have_best || here.score > best.score) {
            if (have_best) {
                rival = std::max(rival, best.score);
            }
            best = here;
            best_consistency = consistency;
            have_best = true;
        } else {
            rival = std::max(rival, here.score);
        }
    }
    if (best.score <= 0) {
        // No candidate splits rows: a one-column file (or an empty one). Keep the fallback.
        best.delimiter = delimiter.value_or(fallback);
        best.confidence = best.width > 0 ? 0.5 : 0;
        return best;
    }
    best.confidence = best_consistency * (1.0 - 0.5 * rival / best.score);
    return best;
}

} // namespace ferry::formats::sniffer
