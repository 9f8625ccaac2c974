#include "formats/tsv.h"

#include <array>
#include <cstring>

namespace ferry::formats {

namespace {

constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

/// The replacement letter for bytes escape_tsv escapes, or 0.
constexpr std::array<char, 256> make_escape_table() {
    std::array<char, 256> table{};
    table[static_cast<unsigned char>('\\')] = '\\';
    table[static_cast<unsigned char>('\t')] = 't';
    table[static_cast<unsigned char>('\n')] = 'n';
    table[static_cast<unsigned char>('\r')] = 'r';
    table[0] = '0';
    table[static_cast<unsigned char>('\b')] = 'b';
    table[static_cast<unsigned char>('\f')] = 'f';
    return table;
}
constexpr auto kEscapeTable = make_escape_table();

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

char decode_escape(char c) {
    switch (c) {
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'e':
        return '\x1B';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'v':
        return '\v';
    case '0':
        return '\0';
    default:
        return c;
    }
}

/// Decodes the escape sequence at `text[i]` (a backslash) into `out`; returns the index after it.
std::size_t unescape_sequence(std::string_view text, std::size_t i, std::string& out) {
    if (i + 1 >= text.size()) {
        out += '\\';
        return i + 1;
    }
    const char c = text[i + 1];
    if (c == 'x') {
        if (i + 3 < text.size() && hex_value(text[i + 2]) >= 0 && hex_value(text[i + 3]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 2]) * 16 + hex_value(text[i + 3]));
            return i + 4;
        }
        out += "\\x";
        return i + 2;
    }
    if (c == 'N') {
        return i + 2;
    }
    const char decoded = decode_escape(c);
    const bool control = static_cast<unsigned char>(decoded) <= 31;
    const bool plain = decoded == '\\' || decoded == '\'' || decoded == '"' || decoded == '`' ||
                       decoded == '/' || decoded == '=';
    if (!control && !plain) {
        out += '\\'; // ClickHouse keeps the backslash of an unknown escape: "100\%" stays "100\%"
    }
    out += decoded;
    return i + 2;
}

/// Finds the LF that ends the row starting at `p`, skipping escaped bytes (ClickHouse accepts a backslash
/// before a literal LF or TAB). Returns `end` when the row continues past the chunk; `escape` carries a
/// trailing unpaired backslash over to the next chunk.
const char* find_row_end(const char* p, const char* end, bool& escape, bool& has_backslash) {
    if (escape) {
        if (p == end) {
            return end;
        }
        escape = false;
        ++p;
    }
    const char* newline = nullptr;
    for (;;) {
        if (newline == nullptr || newline < p) {
            const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            newline = hit != nullptr ? static_cast<const char*>(hit) : end;
        }
        const void* backslash = std::memchr(p, '\\', static_cast<std::size_t>(newline - p));
        if (backslash == nullptr) {
            return newline;
        }
        has_backslash = true;
        p = static_cast<const char*>(backslash) + 1;
        if (p == end) {
            escape = true;
            return end;
        }
        ++p; // the escaped byte, even if it is the LF
    }
}

} // namespace

void escape_tsv(std::string_view value, std::string& out) {
    std::size_t run = 0; // start of the bytes not yet copied
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char replacement = kEscapeTable[static_cast<unsigned char>(value[i])];
        if (replacement != 0) {
            out.append(value.data() + run, i - run);
            out += '\\';
            out += replacement;
            run = i + 1;
        }
    }
    out.append(value.data() + run, value.size() - run);
}

void unescape_tsv(std::string_view field, std::string& out) {
    std::size_t i = 0;
    while (i < field.size()) {
        const void* hit = std::memchr(field.data() + i, '\\', field.size() - i);
        if (hit == nullptr) {
            out.append(field.data() + i, field.size() - i);
            return;
        }
        const auto backslash = static_cast<std::size_t>(static_cast<const char*>(hit) - field.data());
        out.append(field.data() + i, backslash - i);
        i = unescape_sequence(field, backslash, out);
    }
}

TsvStreamParser::TsvStreamParser(RowCallback on_row) : on_row_(std::move(on_row)) {}

void TsvStreamParser::feed(std::string_view chunk) {
    const char* p = chunk.data();
    const char* const end = p + chunk.size();
    if (!partial_.empty()) {
        bool has_backslash = partial_has_backslash_;
        const char* row_end = find_row_end(p, end, escape_pending_, has_backslash);
        partial_.append(p, row_end);
        partial_has_backslash_ = has_backslash;
        if (row_end == end) {
            return;
        }
        parse_row(partial_, has_backslash);
        partial_.clear();
        partial_has_backslash_ = false;
        p = row_end + 1;
    }
    while (p < end) {
        bool has_backslash = false;
        const char* row_end = find_row_end(p, end, escape_pending_, has_backslash);
        if (row_end == end) {
            partial_.assign(p, end);
            partial_has_backslash_ = has_backslash;
            return;
        }
        parse_row(std::string_view(p, static_cast<std::size_t>(row_end - p)), has_backslash);
        p = row_end + 1;
    }
}

void TsvStreamParser::finish() {
    if (!partial_.empty()) {
        parse_row(partial_, partial_has_backslash_);
        partial_.clear();
        partial_has_backslash_ = false;
        escape_pending_ = false;
    }
}

void TsvStreamParser::parse_row(std::string_view line, bool has_backslash) {
    fields_.clear();
    if (!has_backslash) {
        // Fast path: no escapes, so fields are views into the row.
        std::size_t start = 0;
        for (;;) {
            const void* tab = std::memchr(line.data() + start, '\t', line.size() - start);
            if (tab == nullptr) {
                fields_.push_back(TsvField{line.substr(start), false});
                break;
            }
            const auto at = static_cast<std::size_t>(static_cast<const char*>(tab) - line.data());
            fields_.push_back(TsvField{line.substr(start, at - start), false});
            start = at + 1;
        }
    } else {
        // Unescape fields that need it into scratch_; views are made once scratch_ stops growing.
        scratch_.clear();
        spans_.clear();
        std::size_t i = 0;
        for (;;) {
            const std::size_t start = i;
            std::size_t scratch_begin = kNoOffset;
            const bool raw_column = fields_.size() < raw_columns_.size() && raw_columns_[fields_.size()];
            while (i < line.size() && line[i] != '\t') {
                if (line[i] == '\\' && !raw_column) {
                    if (scratch_begin == kNoOffset) {
                        scratch_begin = scratch_.size();
                        scratch_.append(line.data() + start, i - start);
                    }
                    i = unescape_sequence(line, i, scratch_);
                } else {
                    if (scratch_begin != kNoOffset) {
                        scratch_ += line[i];
                    }
                    ++i;
                }
            }
            const std::string_view raw = line.substr(start, i - start);
            if (raw == "\\N" && !raw_column) {
                fields_.push_back(TsvField{{}, true});
                spans_.emplace_back(kNoOffset, 0);
            } else if (scratch_begin != kNoOffset) {
                fields_.push_back(TsvField{{}, false});
                spans_.emplace_back(scratch_begin, scratch_.size() - scratch_begin);
            } else {
                fields_.push_back(TsvField{raw, false});
                spans_.emplace_back(kNoOffset, 0);
            }
            if (i >= line.size()) {
                break;
            }
            ++i; // the TAB
        }
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            if (spans_[f].first != kNoOffset) {
                fields_[f].value = std::string_view(scratch_.data() + spans_[f].first, spans_[f].second);
            }
        }
    }
    ++rows_;
    on_row_(fields_);
}

} // namespace ferry::formats
