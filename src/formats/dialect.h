#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "io/text_encoding.h"

namespace ferry::formats {

/// How forgiving the reader is about records that break the layout. All off by default: a file either reads
/// exactly as written or the record is an error (rejected with --on-error skip). Never sniffed: only the
/// user turns them on, and the summary says so.
struct Leniency {
    /// A record with fewer fields than the header gets NULL for the missing trailing ones (`--ragged pad`).
    /// A blank line is not padded (it stays an error): a row of only NULLs is never what the file meant.
    bool pad_ragged = false;
    /// A quote inside an unquoted field (`5" pipe`) is a character (`--quotes lenient`). Without it, it is
    /// an error: RFC 4180 says such fields must be quoted, and a stray quote is how damage usually shows.
    bool literal_stray_quotes = false;
    /// Spaces at the start of each field are dropped, so `a, "b, c"` reads `a` and `b, c` (`--trim`).
    bool trim_leading_spaces = false;

    bool any() const { return pad_ragged || literal_stray_quotes || trim_leading_spaces; }
    bool operator==(const Leniency&) const = default;
};

/// How a flat file is laid out.
struct Dialect {
    char delimiter = ',';
    char quote = '"';
    bool header = true;
    std::size_t skip_lines = 0; ///< lines before the header (or the first row): titles, blank lines, # comments
    io::TextEncoding encoding = io::TextEncoding::Utf8;
    bool decimal_comma = false; ///< numbers are written "1,5" (only with a delimiter other than a comma)
    /// Inside quoted fields, this byte makes a following quote or escape literal (`\"` -> `"`, `\\` -> `\`),
    /// as MySQL, PostgreSQL's CSV with ESCAPE and many report generators write. Before any other byte it is
    /// kept (a Windows path stays as written). 0: none; a doubled quote always works.
    char escape = 0;
    /// A record that starts with this byte is a comment line, skipped wherever it is (reports and exports
    /// from scientific tools put `#` notes between rows). 0: none.
    char comment = 0;
    /// What the reader forgives (see Leniency); never detected.
    Leniency leniency{};
    /// Records identical to the header below it are data (`--repeated-headers keep`); by default they are left
    /// out and counted (formats/repeated_header.h). Never detected.
    bool keep_repeated_headers = false;
};

/// What the user said about a file; each unset field is left to the sniffer.
struct DialectChoice {
    std::optional<char> delimiter;
    std::optional<char> quote;
    std::optional<bool> header;
    std::optional<std::size_t> skip_lines;
    std::optional<io::TextEncoding> encoding;
    std::optional<bool> decimal_comma;
    std::optional<char> escape; ///< 0 means "none"
    std::optional<char> comment; ///< 0 means "none"
    Leniency leniency{};         ///< not sniffed: copied into the dialect as given
    bool keep_repeated_headers = false; ///< not sniffed: copied into the dialect as given

    /// Every field set from `dialect`: the sniffer then only infers types.
    static DialectChoice all_of(const Dialect& dialect);
};

/// Parses a delimiter as users spell it: any single byte, or `tab`, `comma`, `semicolon`, `pipe`, `\t`.
/// Throws Error(Usage) otherwise.
char parse_delimiter(std::string_view text);

/// Picks a default delimiter from a file name: `.tsv`/`.tab` (also under .gz/.zst) mean tab, else comma.
char default_delimiter_for(std::string_view file_name);

/// "comma", "semicolon", "tab", "pipe", "space", or the character itself.
std::string delimiter_name(char delimiter);

/// One line for people: "semicolon-delimited, header, UTF-8, decimal comma, 2 lines skipped".
std::string describe(const Dialect& dialect);

/// Parses `--repeated-headers`: `skip` (the default: left out and counted) or `keep` (loaded as data).
/// Returns true for keep. Throws Error(Usage) otherwise.
bool parse_repeated_headers(std::string_view text);

/// Parses an escape character: one byte, `backslash`, or `none` (0). Throws Error(Usage) otherwise.
char parse_escape(std::string_view text);

/// Parses a comment character: one byte, or `none` (0). Throws Error(Usage) otherwise.
char parse_comment(std::string_view text);

/// Parses `--ragged`: `error` (the default) or `pad`. Throws Error(Usage) otherwise.
bool parse_ragged(std::string_view text);

/// Parses `--quotes`: `strict` (the default) or `lenient`. Throws Error(Usage) otherwise.
bool parse_quotes(std::string_view text);

/// "ragged rows padded, stray quotes kept, leading spaces trimmed" (only those on), or "" when none is.
std::string describe(const Leniency& leniency);

/// Parses an encoding name (io::parse_text_encoding); throws Error(Usage) naming the accepted ones.
io::TextEncoding parse_encoding(std::string_view text);

} // namespace ferry::formats
