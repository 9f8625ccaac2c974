#pragma once
/// Every error the CSV reader raises, built in one place so each names its line the same way
/// ("line 7: ...") and sets ErrorContext::line for the server's JSON.

#include <cstddef>
#include <cstdint>

#include "common/error.h"

namespace ferry::formats::csv_error {

/// "line N: unterminated quoted field starting at line M"
Error unterminated_quote(std::uint64_t record_line, std::uint64_t quote_line);
/// "line N: unexpected 'c' after the closing quote of field F (...)"
Error text_after_closing_quote(std::uint64_t line, std::size_t field, char found, char quote,
                               bool after_backslash = false);
/// "line N: expected E fields, found F"
Error field_count(std::uint64_t line, std::size_t expected, std::size_t found);

} // namespace ferry::formats::csv_error
