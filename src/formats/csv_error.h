#pragma once
/// Every error the CSV reader raises, built in one place so each names its line the same way
/// ("line 7: ...") and sets ErrorContext::line for the server's JSON. The reasons alone (without the line)
/// are what a rejected record carries when the reader recovers (CsvReader::set_bad_record_handler).

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.h"

namespace ferry::formats::csv_error {

/// "unterminated quoted field starting at line M"
std::string unterminated_quote_reason(std::uint64_t quote_line);
/// "unexpected 'c' after the closing quote of field F (...)"
std::string text_after_closing_quote_reason(std::size_t field, char found, char quote, bool after_backslash);
/// "stray \" in unquoted field F (...)"
std::string stray_quote_reason(std::size_t field, char quote);
/// "quoted field starting at line M is still open after N lines or B MiB (...)": the bounds, not how far the
/// reader happened to look (which depends on its buffer).
std::string quote_left_open_reason(std::uint64_t quote_line, std::uint64_t max_lines, std::size_t max_bytes);
/// "expected E fields, found F"
std::string field_count_reason(std::size_t expected, std::size_t found);

/// "line N: unterminated quoted field starting at line M"
Error unterminated_quote(std::uint64_t record_line, std::uint64_t quote_line);
/// "line N: unexpected 'c' after the closing quote of field F (...)"
Error text_after_closing_quote(std::uint64_t line, std::size_t field, char found, char quote,
                               bool after_backslash = false);
/// "line N: stray \" in unquoted field F (...)"
Error stray_quote(std::uint64_t line, std::size_t field, char quote);
/// "line N: expected E fields, found F"; a short row (1 < F < E) adds the advice to use --ragged pad.
Error field_count(std::uint64_t line, std::size_t expected, std::size_t found);

} // namespace ferry::formats::csv_error
