#pragma once
/// A forgiving tokenizer for sniffing: splits sample text into rows under a candidate delimiter and quote,
/// never throws, and marks what a strict reader would refuse. The sniffer tries many candidates on the
/// same sample, so rows hold views into the text and nothing is unescaped (a quoted value with doubled
/// quotes keeps them: it is a String whatever it holds).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ferry::formats::sniffer {

struct SampleField {
    std::string_view value; ///< without the enclosing quotes
    bool quoted = false;

    bool is_null() const { return !quoted && value.empty(); }
};

struct SampleRow {
    std::uint64_t line = 0; ///< 1-based physical line the row starts on, counted from the text's start
    std::vector<SampleField> fields;
    bool malformed = false; ///< text after a closing quote: a strict reader would stop here
    std::size_t malformed_field = 0; ///< 1-based field with text after its closing quote
    char after_quote = 0;            ///< the first such byte
    std::uint64_t open_quote_line = 0; ///< set when the whole text ends inside this row's quoted field
    /// 1-based unquoted field holding the quote (`5" pipe`), set by mark_stray_quotes(): a strict reader
    /// stops there (then `malformed` is set too, so that the row is left out alike).
    std::size_t stray_quote_field = 0;

    bool blank() const { return fields.size() == 1 && fields[0].is_null(); }
    /// A line starting with '#'.
    bool comment() const { return !fields.empty() && !fields[0].quoted && fields[0].value.starts_with('#'); }
};

/// Rows of `text` (LF or CRLF). `quote` 0 means no quoting; `escape` (0: none) before a quote or itself
/// inside a quoted field makes that byte literal (the value keeps both bytes, like doubled quotes). With
/// `trim`, spaces at the start of a field are skipped (Leniency::trim_leading_spaces). Stops after `max_rows`
/// rows. Unless `at_end` (the text is the whole file), the last row is dropped when the text ends before its
/// line ending: it may have been cut by the sample's end. A row whose quote is still open at the end of text
/// is dropped likewise, unless `at_end`: then it is the last row, with `open_quote_line` set.
std::vector<SampleRow> split_rows(std::string_view text, char delimiter, char quote, std::size_t max_rows,
                                  bool at_end, char escape = 0, bool trim = false);

/// Marks rows with a quote inside an unquoted field, which the strict reader refuses (Leniency::
/// literal_stray_quotes reads it as a character). Separate from split_rows: dialect detection scores
/// candidates without it.
void mark_stray_quotes(std::vector<SampleRow>& rows, char quote);

} // namespace ferry::formats::sniffer
