#pragma once
/// Which delimiter and quote a sample is written with, and how many lines come before the table (titles,
/// blank lines, # comments). Modelled on CleverCSV's data consistency measure (van den Burg et al., 2019)
/// as DuckDB's sniffer uses it: each candidate (delimiter, quote) splits the sample into rows and is
/// scored by pattern consistency (how many rows share one width, favouring wider rows) times type
/// consistency (the share of cells that read as a number, date, boolean, empty, or clean text rather than
/// a fragment holding another delimiter). Candidates: , ; tab | and any other punctuation or control byte
/// that occurs on nearly every line (Hive's \x01, ^, ~ ...); ties go to the earlier standard delimiter
/// and to the double quote.

#include <cstddef>
#include <optional>
#include <string_view>

namespace ferry::formats::sniffer {

struct DialectGuess {
    char delimiter = ',';
    char quote = '"';
    char escape = 0;         ///< 0: none (quotes are doubled)
    std::size_t skip_lines = 0;
    std::size_t width = 0;   ///< fields per row
    double confidence = 0;   ///< 0..1: share of consistent rows, lowered when a rival scored close
    double score = 0;
};

/// `text` is UTF-8 without a BOM; `at_end` when it is the whole file. A given `delimiter`, `quote` or
/// `escape` is taken as is (skip lines are still found). With no evidence (a one-column file) the delimiter
/// is `fallback`. A backslash escape is tried only where the text has a backslash before a quote, and wins
/// only by scoring higher than reading without one (doubled quotes, the RFC 4180 way, win ties).
DialectGuess detect_dialect(std::string_view text, bool at_end, std::optional<char> delimiter,
                            std::optional<char> quote, char fallback, std::optional<char> escape = std::nullopt);

} // namespace ferry::formats::sniffer
