#include "formats/dialect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

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

} // namespace ferry::formats
