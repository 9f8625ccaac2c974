#include "formats/csv_reader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/error.h"
#include "formats/csv_buffer.h"
#include "formats/csv_error.h"

namespace ferry::formats {

namespace {

/// Index of the first `delimiter` or LF in [from, end), or `end`. The hot loop of the reader: most bytes of
/// a CSV file are in unquoted fields. Reads up to 15 bytes past `end`, which CsvBuffer pads for.
inline std::size_t find_field_end(const char* data, std::size_t from, std::size_t end, char delimiter) {
#if defined(__SSE2__)
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    const __m128i newlines = _mm_set1_epi8('\n');
    for (std::size_t i = from; i < end; i += 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(chunk, delimiters), _mm_cmpeq_epi8(chunk, newlines));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
            const std::size_t found = i + static_cast<std::size_t>(__builtin_ctz(mask));
            return found < end ? found : end;
        }
    }
    return end;
#else
    for (std::size_t i = from; i < end; ++i) {
        if (data[i] == delimiter || data[i] == '\n') {
            return i;
        }
    }
    return end;
#endif
}

std::uint64_t count_newlines(const char* begin, const char* end) {
    std::uint64_t count = 0;
    while (begin < end) {
        const void* hit = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
        if (hit == nullptr) {
            break;
        }
        ++count;
        begin = static_cast<const char*>(hit) + 1;
    }
    return count;
}

} // namespace

/// Tokenizer state. Fields are string_views into the buffer: a quoted field's doubled quotes are collapsed
/// in place (the unquoted text is never longer than the quoted one), so no field is ever copied and a
/// record costs no allocation once `record_` has grown to the record width.
struct CsvReader::State {
    State(io::ReadStream& input_stream, const Dialect& dialect, std::size_t buffer_size)
        : input(input_stream), buffer(input_stream, buffer_size), delimiter(dialect.delimiter),
          quote(dialect.quote), escape(dialect.escape == dialect.quote ? 0 : dialect.escape),
          comment(dialect.comment), lines_to_skip(dialect.skip_lines) {}

    /// Refills keeping bytes from `keep_from`, and re-points the views in `fields` at the moved bytes.
    /// Every index the caller holds drops by `keep_from`.
    bool refill(std::size_t keep_from, Record& fields);
    void skip_bom(Record& fields);
    /// Drops `lines_to_skip` whole lines (titles, comments before the header), counting them.
    void skip_lines(Record& fields);
    /// Drops the comment lines at `pos`, counting them.
    void skip_comment_lines(Record& fields);
    /// Parses the record starting at `pos` (at least one byte is buffered) into `fields`.
    void parse_record(Record& fields, std::uint64_t record_line);
    /// After a blank line: true when only blank lines follow up to the end of input (they are then
    /// consumed); otherwise remembers how many blank lines come before the next real record.
    bool only_blank_lines_follow(Record& fields);

    io::ReadStream& input;
    CsvBuffer buffer;
    const char delimiter;
    const char quote;
    const char escape; ///< 0: none (an escape equal to the quote is the doubled quote, the default)
    const char comment; ///< 0: none
    std::size_t pos = 0;    ///< start of the next record in the buffer
    std::uint64_t line = 1; ///< line number at `pos`
    bool started = false;   ///< BOM check and skipped lines done
    std::size_t lines_to_skip;
    std::uint64_t known_blank_lines = 0;
    std::vector<std::size_t> offsets; ///< reused by refill()
};

bool CsvReader::State::refill(std::size_t keep_from, Record& fields) {
    if (fields.size == 0) {
        return buffer.refill(keep_from);
    }
    const char* base = buffer.data() + keep_from;
    offsets.resize(fields.size);
    for (std::size_t i = 0; i < fields.size; ++i) {
        offsets[i] = fields[i].value.empty() ? 0 : static_cast<std::size_t>(fields[i].value.data() - base);
    }
    const bool more = buffer.refill(keep_from);
    const char* data = buffer.data();
    for (std::size_t i = 0; i < fields.size; ++i) {
        auto& value = fields[i].value;
        value = value.empty() ? std::string_view() : std::string_view(data + offsets[i], value.size());
    }
    return more;
}

void CsvReader::State::skip_bom(Record& fields) {
    started = true;
    while (buffer.size() - pos < 3 && refill(pos, fields)) {
        pos = 0;
    }
    if (buffer.size() - pos >= 3 && std::memcmp(buffer.data() + pos, "\xEF\xBB\xBF", 3) == 0) {
        pos += 3;
    }
}

void CsvReader::State::skip_lines(Record& fields) {
    while (lines_to_skip > 0) {
        if (pos == buffer.size()) {
            const bool more = refill(pos, fields);
            pos = 0;
            if (!more) {
                return;
            }
        }
        const char* d = buffer.data();
        const void* hit = std::memchr(d + pos, '\n', buffer.size() - pos);
        if (hit == nullptr) {
            pos = buffer.size();
            continue;
        }
        pos = static_cast<std::size_t>(static_cast<const char*>(hit) - d) + 1;
        ++line;
        --lines_to_skip;
    }
}

void CsvReader::State::skip_comment_lines(Record& fields) {
    for (;;) {
        if (pos == buffer.size()) {
            const bool more = refill(pos, fields);
            pos = 0;
            if (!more) {
                return;
            }
        }
        if (buffer.data()[pos] != comment) {
            return;
        }
        lines_to_skip = 1;
        skip_lines(fields);
    }
}

void CsvReader::State::parse_record(Record& fields, std::uint64_t record_line) {
    char* d = buffer.data();
    std::size_t end = buffer.size();
    std::size_t rec = pos; // start of the record: kept across refills
    std::size_t p = pos;   // start of the current field

    // Cold path: runs out of buffered bytes inside the record. Shifts every local index.
    std::size_t shift = 0;
    auto refill_record = [&]() {
        shift = rec;
        const bool more = refill(rec, fields);
        d = buffer.data();
        end = buffer.size();
        p -= shift;
        rec = 0;
        return more;
    };

    for (;;) {
        if (p == end && !refill_record()) {
            // The input ends right after a delimiter: the record ends with an empty (NULL) field.
            fields.add({}, false);
            pos = p;
            return;
        }

        if (d[p] != quote) {
            std::size_t q = find_field_end(d, p, end, delimiter);
            while (q == end) {
                const bool more = refill_record();
                q -= shift;
                if (!more) {
                    // Last record of an input without a final line ending; drop a CR as if LF followed.
                    const std::size_t field_end = end > p && d[end - 1] == '\r' ? end - 1 : end;
                    fields.add(std::string_view(d + p, field_end - p), false);
                    pos = end;
                    return;
                }
                q = find_field_end(d, q, end, delimiter);
            }
            if (d[q] == delimiter) {
                fields.add(std::string_view(d + p, q - p), false);
                p = q + 1;
                continue;
            }
            const std::size_t field_end = q > p && d[q - 1] == '\r' ? q - 1 : q;
            fields.add(std::string_view(d + p, field_end - p), false);
            pos = q + 1;
            ++line;
            return;
        }

        // Quoted field. `w` trails `r` once a doubled quote has been collapsed.
        const std::uint64_t quote_line = line;
        std::size_t begin = p + 1;
        std::size_t w = begin;
        std::size_t r = begin;
        for (;;) {
            const void* hit = std::memchr(d + r, quote, end - r);
            const std::size_t q =
                hit != nullptr ? static_cast<std::size_t>(static_cast<const char*>(hit) - d) : end;
            const void* escaped = escape != 0 ? std::memchr(d + r, escape, q - r) : nullptr;
            if (escaped != nullptr) {
                // An escape before the next quote: copy up to it, then decide by the byte after it.
                const std::size_t e = static_cast<std::size_t>(static_cast<const char*>(escaped) - d);
                line += count_newlines(d + r, d + e);
                if (w != r) {
                    std::memmove(d + w, d + r, e - r);
                }
                w += e - r;
                r = e;
                if (e + 1 >= end) {
                    const bool more = refill_record();
                    begin -= shift;
                    w -= shift;
                    r -= shift;
                    if (!more) {
                        throw csv_error::unterminated_quote(record_line, quote_line);
                    }
                    continue;
                }
                const char after_escape = d[e + 1];
                const bool literal = after_escape == quote || after_escape == escape;
                d[w++] = literal ? after_escape : escape;
                r = literal ? e + 2 : e + 1;
                continue;
            }
            line += count_newlines(d + r, d + q);
            if (w != r) {
                std::memmove(d + w, d + r, q - r);
            }
            w += q - r;
            r = q;
            if (q + 1 >= end) {
                // Need more input to find the closing quote, or to see the byte after it.
                const bool more = refill_record();
                begin -= shift;
                w -= shift;
                r -= shift;
                if (!more) {
                    if (r == end) {
                        throw csv_error::unterminated_quote(record_line, quote_line);
                    }
                    // The closing quote is the last byte of the input.
                    fields.add(std::string_view(d + begin, w - begin), true);
                    pos = end;
                    return;
                }
                continue;
            }
            if (d[q + 1] == quote) {
                d[w++] = quote;
                r = q + 2;
                continue;
            }
            fields.add(std::string_view(d + begin, w - begin), true);
            p = q + 1; // < end, checked above
            break;
        }

        const char after = d[p];
        if (after == delimiter) {
            ++p;
            continue;
        }
        if (after == '\n') {
            pos = p + 1;
            ++line;
            return;
        }
        if (after == '\r') {
            if (p + 1 == end && !refill_record()) {
                pos = end;
                return;
            }
            if (d[p + 1] == '\n') {
                pos = p + 2;
                ++line;
                return;
            }
        }
        throw csv_error::text_after_closing_quote(record_line, fields.size, after, quote,
                                                  escape == 0 && fields[fields.size - 1].value.ends_with('\\'));
    }
}

bool CsvReader::State::only_blank_lines_follow(Record& fields) {
    std::size_t i = pos;
    std::uint64_t blank_lines = 0;
    for (;;) {
        if (i == buffer.size()) {
            const std::size_t keep_from = pos;
            const bool more = refill(keep_from, fields);
            i -= keep_from;
            pos = 0;
            if (!more) {
                pos = buffer.size();
                return true;
            }
        }
        const char* d = buffer.data();
        if (d[i] == '\n') {
            ++blank_lines;
            ++i;
            continue;
        }
        if (d[i] == '\r') {
            if (i + 1 == buffer.size()) {
                const std::size_t keep_from = pos;
                const bool more = refill(keep_from, fields);
                i -= keep_from;
                pos = 0;
                if (!more) {
                    pos = buffer.size();
                    return true;
                }
                d = buffer.data();
            }
            if (d[i + 1] == '\n') {
                ++blank_lines;
                i += 2;
                continue;
            }
        }
        known_blank_lines = blank_lines;
        return false;
    }
}

CsvReader::CsvReader(io::ReadStream& input, const Dialect& dialect, std::size_t buffer_size) {
    if (dialect.delimiter == '\n' || dialect.delimiter == '\r' || dialect.delimiter == dialect.quote) {
        throw Error(ErrorKind::Usage,
                    "invalid CSV dialect: the delimiter cannot be a line ending or the quote "
                    "character");
    }
    if (dialect.comment != 0 && (dialect.comment == dialect.delimiter || dialect.comment == dialect.quote ||
                                 dialect.comment == '\n' || dialect.comment == '\r')) {
        throw Error(ErrorKind::Usage,
                    "invalid CSV dialect: the comment character cannot be the delimiter, the quote or a line ending");
    }
    if (dialect.escape != 0 && (dialect.escape == dialect.delimiter || dialect.escape == '\n' ||
                                dialect.escape == '\r')) {
        throw Error(ErrorKind::Usage,
                    "invalid CSV dialect: the escape character cannot be the delimiter or a line ending");
    }
    state_ = std::make_unique<State>(input, dialect, buffer_size < 16 ? 16 : buffer_size);
}

CsvReader::~CsvReader() = default;

bool CsvReader::next() {
    State& s = *state_;
    record_.size = 0;
    if (!s.started) {
        s.skip_bom(record_);
        s.skip_lines(record_);
    }
    if (s.comment != 0) {
        s.skip_comment_lines(record_);
    }
    if (s.pos == s.buffer.size()) {
        const bool more = s.refill(s.pos, record_);
        s.pos = 0;
        if (!more) {
            return false;
        }
    }
    record_line_ = s.line;
    s.parse_record(record_, record_line_);
    if (record_.size == 1 && record_[0].is_null()) {
        // A blank line: a record only if real records follow it.
        if (s.known_blank_lines > 0) {
            --s.known_blank_lines;
            return true;
        }
        record_[0].value = {};
        if (s.only_blank_lines_follow(record_)) {
            record_.size = 0;
            return false;
        }
    }
    return true;
}

std::uint64_t CsvReader::raw_bytes_read() const {
    return state_->input.raw_bytes_read();
}

void CsvReader::expect_field_count(std::size_t expected) const {
    if (record_.size != expected) {
        throw csv_error::field_count(record_line_, expected, record_.size);
    }
}

} // namespace ferry::formats
