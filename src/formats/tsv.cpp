#include "formats/tsv.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ferry::formats {

namespace {

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
const char* find_row_end(const char* p, const char* end, bool& escape) {
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
        p = static_cast<const char*>(backslash) + 1;
        if (p == end) {
            escape = true;
            return end;
        }
        ++p; // the escaped byte, even if it is the LF
    }
}

/// Bit i is set when p[i] (i < size, size <= 16) is a TAB, LF or backslash: the bytes that end a field, end
/// a row or start an escape.
inline unsigned separator_mask(const char* p, std::size_t size) {
#if defined(__SSE2__)
    __m128i block;
    if (size >= 16) {
        block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    } else {
        alignas(16) char tail[16] = {}; // zero bytes are none of the three
        std::memcpy(tail, p, size);
        block = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
    }
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))),
        _mm_cmpeq_epi8(block, _mm_set1_epi8('\\')));
    return static_cast<unsigned>(_mm_movemask_epi8(hits));
#else
    unsigned mask = 0;
    for (std::size_t i = 0; i < size && i < 16; ++i) {
        if (p[i] == '\t' || p[i] == '\n' || p[i] == '\\') {
            mask |= 1u << i;
        }
    }
    return mask;
#endif
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
        const char* row_end = find_row_end(p, end, escape_pending_);
        if (row_end == end) {
            partial_.append(p, end);
            return;
        }
        partial_.append(p, row_end + 1); // with its LF: exactly one complete row
        parse_rows(partial_.data(), partial_.data() + partial_.size(), false);
        partial_.clear();
        p = row_end + 1;
    }
    const char* rest = parse_rows(p, end, false);
    partial_.assign(rest, end);
}

void TsvStreamParser::finish() {
    if (!partial_.empty()) {
        parse_rows(partial_.data(), partial_.data() + partial_.size(), true);
        partial_.clear();
        escape_pending_ = false;
    }
}

namespace {
/// Whether [begin, end) has a backslash outside single-quoted strings (inside them, a backslash escapes the
/// next byte).
bool has_escape_outside_quotes(const char* begin, const char* end) {
    bool quoted = false;
    for (const char* p = begin; p < end; ++p) {
        if (*p == '\\') {
            if (!quoted) {
                return true;
            }
            ++p;
        } else if (*p == '\'') {
            quoted = !quoted;
        }
    }
    return false;
}
} // namespace

const char* TsvStreamParser::parse_rows(const char* p, const char* const end, bool at_end) {
    // One pass over the bytes, 16 at a time: every TAB, LF and backslash is a bit of a mask, visited in
    // order. Most blocks hold one or two of them, so a short field costs a few instructions.
    const char* row = p;        // start of the current row
    const char* field = p;      // start of the current field
    std::size_t width = 0;      // fields of the current row finished so far
    bool escaped = false;       // the current field has escapes to decode
    bool raw_backslash = false; // a raw column's field holds a backslash
    const char* skip = nullptr; // the byte after a backslash: part of the field whatever it is
    const auto end_field = [&](const char* at) {
        if (raw_backslash && width < ambiguous_columns_.size() && ambiguous_columns_[width] &&
            has_escape_outside_quotes(field, at)) [[unlikely]] {
            escaped = true;
        }
        raw_backslash = false;
        if (escaped) [[unlikely]] {
            set_escaped_field(width, field, at);
        } else {
            if (width == fields_.size()) [[unlikely]] {
                fields_.resize(width + 1);
            }
            fields_[width] = TsvField{std::string_view(field, static_cast<std::size_t>(at - field)), false};
        }
        ++width;
        field = at + 1;
        escaped = false;
    };
    for (const char* block = p; block < end; block += 16) {
        unsigned mask = separator_mask(block, static_cast<std::size_t>(end - block));
        while (mask != 0) {
            const char* at = block + __builtin_ctz(mask);
            mask &= mask - 1;
            if (at == skip) {
                continue;
            }
            if (*at == '\t') {
                end_field(at);
            } else if (*at == '\n') {
                end_field(at);
                deliver_row(width);
                row = at + 1;
                width = 0;
            } else if (is_raw(width)) {
                raw_backslash = true;
                // Array/Tuple/Map text is not TSV-escaped: the backslash belongs to the value and a TAB
                // after it still ends the field. It does escape an LF, as in every column.
                if (at + 1 == end || at[1] != '\t') {
                    skip = at + 1;
                }
            } else {
                escaped = true;
                skip = at + 1;
            }
        }
    }
    if (row == end) {
        escape_pending_ = false;
        return end;
    }
    if (at_end) {
        end_field(end);
        deliver_row(width);
        escape_pending_ = false;
        return end;
    }
    escape_pending_ = skip == end;
    return row;
}

void TsvStreamParser::set_escaped_field(std::size_t index, const char* begin, const char* end) {
    if (index == fields_.size()) {
        fields_.resize(index + 1);
    }
    TsvField& field = fields_[index];
    const std::string_view text(begin, static_cast<std::size_t>(end - begin));
    if (text == "\\N") {
        field = TsvField{{}, true};
        return;
    }
    field = TsvField{{}, false}; // the view is set in deliver_row, once scratch_ stops growing
    const std::size_t offset = scratch_.size();
    unescape_tsv(text, scratch_);
    unescaped_.push_back(Unescaped{index, offset, scratch_.size() - offset});
}

void TsvStreamParser::deliver_row(std::size_t width) {
    for (const Unescaped& u : unescaped_) {
        fields_[u.field].value = std::string_view(scratch_.data() + u.offset, u.length);
    }
    ++rows_;
    on_row_(std::span<const TsvField>(fields_.data(), width));
    if (!unescaped_.empty()) {
        unescaped_.clear();
        scratch_.clear();
    }
}

} // namespace ferry::formats
