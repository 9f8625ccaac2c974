#include "formats/dialect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::formats {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

char parse_delimiter(std::string_view text) {
    struct Named {
        std::string_view name;
        char delimiter;
    };
    static constexpr std::array<Named, 5> kNamed{{
        {"tab", '\t'},
        {"\\t", '\t'},
        {"comma", ','},
        {"semicolon", ';'},
        {"pipe", '|'},
    }};
    // A newline or carriage return would make every line a record boundary and a field boundary at once;
    // a double quote would collide with the quote character.
    if (text.size() == 1 && text[0] != '\n' && text[0] != '\r' && text[0] != '"') {
        return text[0];
    }
    const std::string lower = lowercase(text);
    for (const auto& named : kNamed) {
        if (lower == named.name) {
            return named.delimiter;
        }
    }
    throw Error(ErrorKind::Usage, "invalid delimiter '" + printable_value(text) +
                                      "': use a single character or tab, comma, semicolon, pipe");
}

char default_delimiter_for(std::string_view file_name) {
    // Only the last path component matters: "/data/x.tsv/out.csv" is a CSV file.
    if (const auto slash = file_name.find_last_of('/'); slash != std::string_view::npos) {
        file_name.remove_prefix(slash + 1);
    }
    std::string name = lowercase(file_name);
    for (std::string_view codec : {".gz", ".zst"}) {
        if (ends_with(name, codec)) {
            name.resize(name.size() - codec.size());
            break;
        }
    }
    return ends_with(name, ".tsv") || ends_with(name, ".tab") ? '\t' : ',';
}

DialectChoice DialectChoice::all_of(const Dialect& dialect) {
    DialectChoice choice;
    choice.delimiter = dialect.delimiter;
    choice.quote = dialect.quote;
    choice.header = dialect.header;
    choice.skip_lines = dialect.skip_lines;
    choice.encoding = dialect.encoding;
    choice.decimal_comma = dialect.decimal_comma;
    choice.escape = dialect.escape;
    choice.comment = dialect.comment;
    choice.leniency = dialect.leniency;
    choice.keep_repeated_headers = dialect.keep_repeated_headers;
    return choice;
}

char parse_escape(std::string_view text) {
    if (text == "none" || text.empty()) {
        return 0;
    }
    if (text == "backslash") {
        return '\\';
    }
    if (text.size() != 1 || text[0] == '\n' || text[0] == '\r') {
        throw Error(ErrorKind::Usage, fmt::format("escape '{}' is not one character (give \\, backslash or none)",
                                                  printable_value(text)));
    }
    return text[0];
}

char parse_comment(std::string_view text) {
    if (text == "none" || text.empty()) {
        return 0;
    }
    if (text.size() != 1 || text[0] == '\n' || text[0] == '\r') {
        throw Error(ErrorKind::Usage,
                    fmt::format("comment '{}' is not one character (give #, or none)", printable_value(text)));
    }
    return text[0];
}

std::string delimiter_name(char delimiter) {
    switch (delimiter) {
    case ',':
        return "comma";
    case ';':
        return "semicolon";
    case '\t':
        return "tab";
    case '|':
        return "pipe";
    case ' ':
        return "space";
    default:
        return printable_value(std::string_view(&delimiter, 1));
    }
}

std::string describe(const Dialect& dialect) {
    std::string out = delimiter_name(dialect.delimiter) + "-delimited";
    out += dialect.header ? ", header" : ", no header";
    switch (dialect.encoding) {
    case io::TextEncoding::Utf8:
        out += ", UTF-8";
        break;
    case io::TextEncoding::Utf16Le:
        out += ", UTF-16LE";
        break;
    case io::TextEncoding::Utf16Be:
        out += ", UTF-16BE";
        break;
    case io::TextEncoding::Windows1252:
        out += ", Windows-1252";
        break;
    case io::TextEncoding::Latin1:
        out += ", Latin-1";
        break;
    }
    if (dialect.decimal_comma) {
        out += ", decimal comma";
    }
    if (dialect.quote != '"') {
        out += fmt::format(", quote {}", printable_value(std::string_view(&dialect.quote, 1)));
    }
    if (dialect.escape != 0) {
        out += fmt::format(", escape {}", printable_value(std::string_view(&dialect.escape, 1)));
    }
    if (dialect.comment != 0) {
        out += fmt::format(", {} comment lines", printable_value(std::string_view(&dialect.comment, 1)));
    }
    if (dialect.skip_lines > 0) {
        out += fmt::format(", {} line{} skipped", dialect.skip_lines, dialect.skip_lines == 1 ? "" : "s");
    }
    if (dialect.leniency.any()) {
        out += ", " + describe(dialect.leniency);
    }
    if (dialect.keep_repeated_headers) {
        out += ", repeated header rows kept as data";
    }
    return out;
}

bool parse_ragged(std::string_view text) {
    if (text == "error") {
        return false;
    }
    if (text == "pad") {
        return true;
    }
    throw Error(ErrorKind::Usage, fmt::format("--ragged '{}': use pad (missing trailing fields are NULL) or "
                                              "error (the default)",
                                              printable_value(text)));
}

bool parse_repeated_headers(std::string_view text) {
    if (text == "skip") {
        return false;
    }
    if (text == "keep") {
        return true;
    }
    throw Error(ErrorKind::Usage,
                fmt::format("--repeated-headers '{}': use skip (rows identical to the header are left out and "
                            "counted, the default) or keep (they load as data)",
                            printable_value(text)));
}

bool parse_quotes(std::string_view text) {
    if (text == "strict") {
        return false;
    }
    if (text == "lenient") {
        return true;
    }
    throw Error(ErrorKind::Usage, fmt::format("--quotes '{}': use lenient (a quote inside an unquoted field is "
                                              "a character) or strict (the default)",
                                              printable_value(text)));
}

std::string describe(const Leniency& leniency) {
    std::string out;
    const auto add = [&](std::string_view part) {
        if (!out.empty()) {
            out += ", ";
        }
        out += part;
    };
    if (leniency.pad_ragged) {
        add("short rows padded with NULL");
    }
    if (leniency.literal_stray_quotes) {
        add("stray quotes kept as characters");
    }
    if (leniency.trim_leading_spaces) {
        add("leading spaces trimmed");
    }
    return out;
}

io::TextEncoding parse_encoding(std::string_view text) {
    if (const auto encoding = io::parse_text_encoding(text)) {
        return *encoding;
    }
    throw Error(ErrorKind::Usage, "unknown encoding '" + printable_value(text) +
                                      "': use utf-8, utf-16le, utf-16be, windows-1252 or latin-1");
}

} // namespace ferry::formats
