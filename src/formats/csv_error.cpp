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

} // namespace

Error unterminated_quote(std::uint64_t record_line, std::uint64_t quote_line) {
    return data_error(record_line, fmt::format("unterminated quoted field starting at line {}", quote_line));
}

Error text_after_closing_quote(std::uint64_t line, std::size_t field, char found, char quote,
                               bool after_backslash) {
    const std::string shown = printable_value(std::string_view(&found, 1));
    // A backslash right before the quote that closed the field: the file most likely escapes quotes.
    const std::string hint = after_backslash ? fmt::format(", or, as this file seems to write it, \\{} with "
                                                           "--escape '\\'",
                                                           quote)
                                             : "";
    return data_error(line,
                      fmt::format("unexpected '{}' after the closing quote of field {} (a {} inside a quoted "
                                  "field must be doubled{})",
                                  shown, field, quote, hint),
                      shown);
}

Error field_count(std::uint64_t line, std::size_t expected, std::size_t found) {
    return data_error(line, fmt::format("expected {} fields, found {}", expected, found));
}

} // namespace ferry::formats::csv_error
