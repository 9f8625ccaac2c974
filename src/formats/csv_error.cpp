#include "formats/csv_error.h"

#include <fmt/format.h>

namespace ferry::formats::csv_error {

namespace {

Error data_error(std::uint64_t line, const std::string& message, std::optional<std::string> value = {}) {
    ErrorContext context;
    context.line = line;
    context.value = std::move(value);
    return Error(ErrorKind::Data, fmt::format("line {}: {}", line, message), std::move(context));
}

std::string shown(char c) {
    return printable_value(std::string_view(&c, 1));
}

} // namespace

std::string unterminated_quote_reason(std::uint64_t quote_line) {
    return fmt::format("unterminated quoted field starting at line {}", quote_line);
}

std::string text_after_closing_quote_reason(std::size_t field, char found, char quote, bool after_backslash) {
    // A backslash right before the quote that closed the field: the file most likely escapes quotes.
    const std::string hint = after_backslash ? fmt::format(", or, as this file seems to write it, \\{} with "
                                                           "--escape '\\'",
                                                           quote)
                                             : "";
    return fmt::format("unexpected '{}' after the closing quote of field {} (a {} inside a quoted field must be "
                       "doubled{})",
                       shown(found), field, quote, hint);
}

std::string stray_quote_reason(std::size_t field, char quote) {
    return fmt::format("stray {} in unquoted field {} (quote the field and double the {}, or use --quotes "
                       "lenient to read it as a character)",
                       quote, field, quote);
}

std::string quote_left_open_reason(std::uint64_t quote_line, std::uint64_t max_lines, std::size_t max_bytes) {
    return fmt::format("quoted field starting at line {} is still open after {} lines or {} MiB: taken as a quote "
                       "that never closes",
                       quote_line, max_lines, max_bytes >> 20);
}

std::string field_count_reason(std::size_t expected, std::size_t found) {
    return fmt::format("expected {} fields, found {}", expected, found);
}

Error unterminated_quote(std::uint64_t record_line, std::uint64_t quote_line) {
    return data_error(record_line, unterminated_quote_reason(quote_line));
}

Error text_after_closing_quote(std::uint64_t line, std::size_t field, char found, char quote,
                               bool after_backslash) {
    return data_error(line, text_after_closing_quote_reason(field, found, quote, after_backslash), shown(found));
}

Error stray_quote(std::uint64_t line, std::size_t field, char quote) {
    return data_error(line, stray_quote_reason(field, quote));
}

Error field_count(std::uint64_t line, std::size_t expected, std::size_t found) {
    if (found > 1 && found < expected) {
        // A short row (not a blank line, which has one field) is what --ragged pad is for. Only the error says
        // so: a rejected record's reason stays the bare fact.
        return data_error(line, field_count_reason(expected, found) +
                                    " (to read short rows with NULL for the missing trailing fields, use "
                                    "--ragged pad)");
    }
    return data_error(line, field_count_reason(expected, found));
}

} // namespace ferry::formats::csv_error
