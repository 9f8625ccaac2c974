#include "formats/csv_reader.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "common/error.h"
#include "formats/csv_buffer.h"
#include "formats/csv_error.h"
#include "formats/line_endings.h"

namespace ferry::formats {

namespace {

/// Index of the first `delimiter`, `newline` or `stop` in [from, end), or `end`. The hot loop of the reader:
/// most bytes of a CSV file are in unquoted fields. `stop` is the quote (a stray quote is an error) or the
/// delimiter again (it is not). Reads up to 15 bytes past `end`, which CsvBuffer pads for.
inline std::size_t find_field_end(const char* data, std::size_t from, std::size_t end, char delimiter, char newline,
                                  char stop) {
#if defined(__SSE2__)
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    const __m128i newlines = _mm_set1_epi8(newline);
    const __m128i stops = _mm_set1_epi8(stop);
    for (std::size_t i = from; i < end; i += 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, delimiters), _mm_cmpeq_epi8(chunk, newlines)),
                                          _mm_cmpeq_epi8(chunk, stops));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
            const std::size_t found = i + static_cast<std::size_t>(__builtin_ctz(mask));
            return found < end ? found : end;
        }
    }
    return end;
#else
    for (std::size_t i = from; i < end; ++i) {
        if (data[i] == delimiter || data[i] == newline || data[i] == stop) {
            return i;
        }
    }
    return end;
#endif
}

std::uint64_t count_newlines(const char* begin, const char* end, char newline) {
    std::uint64_t count = 0;
    while (begin < end) {
        const void* hit = std::memchr(begin, newline, static_cast<std::size_t>(end - begin));
        if (hit == nullptr) {
            break;
        }
        ++count;
        begin = static_cast<const char*>(hit) + 1;
    }
    return count;
}

/// Why parse_record stopped short of a record, and where.
struct Fault {
    enum class Kind { StrayQuote, TextAfterQuote, Unterminated, QuoteLeftOpen, Width };
    Kind kind = Kind::Width;
    std::size_t at = 0;    ///< buffer index where the fault was seen (resynchronisation starts there)
    std::size_t field = 0; ///< 1-based field it is in
    char found = 0;        ///< TextAfterQuote: the byte after the closing quote
    bool after_backslash = false;
    std::uint64_t quote_line = 0; ///< Unterminated, QuoteLeftOpen: where the quote opened
    std::size_t expected = 0;     ///< Width
    std::size_t found_fields = 0; ///< Width
};

} // namespace

/// Tokenizer state. Fields are string_views into the buffer. The buffer's bytes are never altered: a quoted
/// field whose doubled quotes (or escapes) must be collapsed is assembled in `arena` instead, so a record's
/// raw bytes stay available to reject it or to read its lines again (recovery), and a record costs no
/// allocation once `record_` and `arena` have grown.
struct CsvReader::State {
    State(io::ReadStream& input_stream, const Dialect& dialect, std::size_t buffer_size)
        : input(input_stream), buffer(input_stream, buffer_size), delimiter(dialect.delimiter),
          quote(dialect.quote), escape(dialect.escape == dialect.quote ? 0 : dialect.escape),
          comment(dialect.comment), stray_stop(dialect.leniency.literal_stray_quotes ? dialect.delimiter : dialect.quote),
          trim(dialect.leniency.trim_leading_spaces), pad(dialect.leniency.pad_ragged),
          lines_to_skip(dialect.skip_lines) {}

    /// Refills keeping bytes from `keep_from`, and re-points the views in `fields` at the moved bytes.
    /// Every index the caller holds drops by `keep_from`.
    bool refill(std::size_t keep_from, Record& fields);
    void skip_bom(Record& fields);
    /// Reads until the start of the input shows its line ending, and sets `newline`.
    void detect_line_ending(Record& fields);
    /// Drops `lines_to_skip` whole lines (titles, comments before the header), counting them.
    void skip_lines(Record& fields);
    /// Drops the comment lines at `pos`, counting them.
    void skip_comment_lines(Record& fields);
    /// Parses the record starting at `pos` (at least one byte is buffered) into `fields`. False when it is
    /// malformed: `fault` says why and where, `raw_begin` where the record starts; `pos` is left as is.
    bool parse_record(Record& fields);
    /// After a fault: the extent of the bad record (`raw_begin`, `raw_end`), and `pos`/`line` set past it.
    void step_over_bad_record(Record& fields, std::uint64_t record_line);
    /// After a blank line: true when only blank lines follow up to the end of input (they are then
    /// consumed); otherwise remembers how many blank lines come before the next real record.
    bool only_blank_lines_follow(Record& fields);
    std::string reason() const;
    Error strict_error(std::uint64_t record_line) const;

    io::ReadStream& input;
    CsvBuffer buffer;
    const char delimiter;
    const char quote;
    const char escape;     ///< 0: none (an escape equal to the quote is the doubled quote, the default)
    const char comment;    ///< 0: none
    const char stray_stop; ///< the quote, or the delimiter when a stray quote is just a character
    const bool trim;
    const bool pad;
    char newline = '\n';       ///< '\r' for a CR-only input
    bool recovering = false;   ///< a bad-record handler is set
    std::size_t width = 0;     ///< 0: not fixed (yet)
    std::size_t first_width = 0; ///< fields of the first record that is not a blank line (0: none yet)
    bool width_given = false;  ///< set_width(), not the first record's
    std::size_t pos = 0;    ///< start of the next record in the buffer
    std::uint64_t line = 1; ///< line number at `pos`
    bool started = false;   ///< BOM check and skipped lines done
    std::size_t lines_to_skip;
    std::uint64_t known_blank_lines = 0;
    std::vector<std::size_t> offsets; ///< reused by refill()

    /// Quoted fields whose text is in `arena` (views are set once the record is whole: the arena may move).
    struct Collapsed {
        std::size_t field;
        std::size_t offset;
        std::size_t size;
    };
    std::string arena;
    std::vector<Collapsed> collapsed;
    Fault fault;
    std::size_t raw_begin = 0; ///< the last record's bytes in the buffer: [raw_begin, raw_end)
    std::size_t raw_end = 0;
    std::string reason_text;
    bool cut_to_first_line = false; ///< the bad record was cut back to its first line (see step_over_bad_record)
    BadRecordHandler handler;
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

void CsvReader::State::detect_line_ending(Record& fields) {
    // Reads only as far as the decision needs (a tiny test buffer stays tiny), so every chunking decides alike.
    bool whole = false;
    for (;;) {
        const std::string_view start(buffer.data() + pos, buffer.size() - pos);
        if (const auto cr = uses_cr_line_endings(start, quote, whole)) {
            newline = *cr ? '\r' : '\n';
            return;
        }
        const bool more = refill(pos, fields);
        pos = 0; // refill moved the bytes from `pos` to the front, even at the end of input
        whole = !more;
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
        const void* hit = std::memchr(d + pos, newline, buffer.size() - pos);
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

bool CsvReader::State::parse_record(Record& fields) {
    char* d = buffer.data();
    std::size_t end = buffer.size();
    std::size_t rec = pos; // start of the record: kept across refills
    std::size_t p = pos;   // start of the current field
    const bool crlf = newline == '\n'; // a CR right before the line-ending LF is part of the line ending
    arena.clear();
    collapsed.clear();

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
    auto done = [&](std::size_t raw_until, std::size_t next) {
        for (const auto& c : collapsed) {
            fields[c.field].value = std::string_view(arena.data() + c.offset, c.size);
        }
        raw_begin = rec;
        raw_end = raw_until;
        pos = next;
        return true;
    };
    auto failed = [&](Fault::Kind kind, std::size_t at) {
        fault.kind = kind;
        fault.at = at;
        raw_begin = rec;
        return false;
    };

    for (;;) {
        if (trim) {
            for (;;) {
                while (p < end && d[p] == ' ') {
                    ++p;
                }
                if (p < end || !refill_record()) {
                    break;
                }
            }
        }
        if (p == end && !refill_record()) {
            // The input ends right after a delimiter: the record ends with an empty (NULL) field.
            fields.add({}, false);
            return done(p, p);
        }

        if (d[p] != quote) {
            std::size_t q = find_field_end(d, p, end, delimiter, newline, stray_stop);
            while (q == end) {
                const bool more = refill_record();
                q -= shift;
                if (!more) {
                    // Last record of an input without a final line ending; drop a CR as if LF followed.
                    const std::size_t field_end = crlf && end > p && d[end - 1] == '\r' ? end - 1 : end;
                    fields.add(std::string_view(d + p, field_end - p), false);
                    return done(field_end, end);
                }
                q = find_field_end(d, q, end, delimiter, newline, stray_stop);
            }
            const char c = d[q];
            if (c == delimiter) {
                fields.add(std::string_view(d + p, q - p), false);
                p = q + 1;
                continue;
            }
            if (c == newline) {
                const std::size_t field_end = crlf && q > p && d[q - 1] == '\r' ? q - 1 : q;
                fields.add(std::string_view(d + p, field_end - p), false);
                ++line;
                return done(field_end, q + 1);
            }
            fault.field = fields.size + 1;
            return failed(Fault::Kind::StrayQuote, q);
        }

        // Quoted field. Bytes [seg, r) are plain text not yet copied; once a doubled quote or an escape has
        // been collapsed, the field's text is assembled in the arena from `arena_from`.
        const std::uint64_t quote_line = line;
        std::size_t open = p;
        std::size_t begin = p + 1;
        std::size_t seg = begin;
        std::size_t r = begin;
        bool in_arena = false;
        const std::size_t arena_from = arena.size();
        auto shift_field = [&]() {
            open -= shift;
            begin -= shift;
            seg -= shift;
            r -= shift;
        };
        // While recovering, a field that runs on too long is a quote that never closes.
        auto left_open = [&](std::size_t upto) {
            if (!recovering || (line - quote_line <= kMaxQuotedLines && upto - open <= kMaxQuotedBytes)) {
                return false;
            }
            fault.quote_line = quote_line;
            fault.field = fields.size + 1;
            return true;
        };
        for (;;) {
            const void* hit = std::memchr(d + r, quote, end - r);
            const std::size_t q =
                hit != nullptr ? static_cast<std::size_t>(static_cast<const char*>(hit) - d) : end;
            const void* escaped = escape != 0 ? std::memchr(d + r, escape, q - r) : nullptr;
            if (escaped != nullptr) {
                // An escape before the next quote: decide by the byte after it.
                const std::size_t e = static_cast<std::size_t>(static_cast<const char*>(escaped) - d);
                line += count_newlines(d + r, d + e, newline);
                r = e;
                if (left_open(e)) {
                    return failed(Fault::Kind::QuoteLeftOpen, e);
                }
                if (e + 1 >= end) {
                    const bool more = refill_record();
                    shift_field();
                    if (!more) {
                        fault.quote_line = quote_line;
                        fault.field = fields.size + 1;
                        return failed(Fault::Kind::Unterminated, end);
                    }
                    continue;
                }
                const char after_escape = d[e + 1];
                if (after_escape == quote || after_escape == escape) {
                    arena.append(d + seg, e - seg);
                    arena.push_back(after_escape);
                    in_arena = true;
                    seg = r = e + 2;
                } else {
                    r = e + 1; // kept: a Windows path stays as written
                }
                continue;
            }
            line += count_newlines(d + r, d + q, newline);
            r = q;
            if (left_open(q)) {
                return failed(Fault::Kind::QuoteLeftOpen, q);
            }
            if (q + 1 >= end) {
                // Need more input to find the closing quote, or to see the byte after it.
                const bool more = refill_record();
                shift_field();
                if (!more) {
                    if (r == end) {
                        fault.quote_line = quote_line;
                        fault.field = fields.size + 1;
                        return failed(Fault::Kind::Unterminated, end);
                    }
                    break; // the closing quote is the last byte of the input
                }
                continue;
            }
            if (d[q + 1] == quote) {
                arena.append(d + seg, q - seg);
                arena.push_back(quote);
                in_arena = true;
                seg = r = q + 2;
                continue;
            }
            break;
        }
        // `r` is the closing quote.
        if (in_arena) {
            arena.append(d + seg, r - seg);
            collapsed.push_back({fields.size, arena_from, arena.size() - arena_from});
            fields.add({}, true); // pointed at the arena once the record is whole
        } else {
            fields.add(std::string_view(d + begin, r - begin), true);
        }
        p = r + 1;
        if (p == end) {
            return done(p, p); // only reached at the end of input
        }

        const char after = d[p];
        if (after == delimiter) {
            ++p;
            continue;
        }
        if (after == newline) {
            ++line;
            return done(p, p + 1);
        }
        if (crlf && after == '\r') {
            if (p + 1 == end && !refill_record()) {
                return done(p, end);
            }
            if (d[p + 1] == '\n') {
                ++line;
                return done(p, p + 2);
            }
        }
        fault.field = fields.size;
        fault.found = after;
        fault.after_backslash = escape == 0 && r > begin && d[r - 1] == '\\';
        return failed(Fault::Kind::TextAfterQuote, p);
    }
}

void CsvReader::State::step_over_bad_record(Record& fields, std::uint64_t record_line) {
    fields.size = 0; // nothing to re-point: the bad record's views are dropped
    std::size_t rec = raw_begin;
    const char* d = buffer.data();
    // A record that ran over a line ending inside quotes before going wrong most likely has a quote that
    // should not be there on its first line: only that line is rejected, and the lines after it are read
    // again as records of their own. Otherwise the bad record ends where its line ends.
    std::size_t at = fault.at;
    const void* first = std::memchr(d + rec, newline, at - rec);
    cut_to_first_line = first != nullptr;
    if (first != nullptr) {
        at = static_cast<std::size_t>(static_cast<const char*>(first) - d);
    } else {
        for (;;) {
            if (const void* hit = std::memchr(d + at, newline, buffer.size() - at)) {
                at = static_cast<std::size_t>(static_cast<const char*>(hit) - d);
                break;
            }
            at = buffer.size();
            const bool more = refill(rec, fields);
            at -= rec;
            rec = 0;
            d = buffer.data();
            if (!more) {
                break;
            }
        }
    }
    const std::size_t next = at < buffer.size() ? at + 1 : at;
    raw_begin = rec;
    raw_end = newline == '\n' && at > rec && d[at - 1] == '\r' ? at - 1 : at;
    pos = next;
    line = record_line + 1;
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
        if (d[i] == newline) {
            ++blank_lines;
            ++i;
            continue;
        }
        if (newline == '\n' && d[i] == '\r') {
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

std::string CsvReader::State::reason() const {
    switch (fault.kind) {
    case Fault::Kind::StrayQuote:
        return csv_error::stray_quote_reason(fault.field, quote);
    case Fault::Kind::TextAfterQuote:
        return csv_error::text_after_closing_quote_reason(fault.field, fault.found, quote, fault.after_backslash);
    case Fault::Kind::Unterminated:
        return csv_error::unterminated_quote_reason(fault.quote_line);
    case Fault::Kind::QuoteLeftOpen:
        return csv_error::quote_left_open_reason(fault.quote_line, kMaxQuotedLines, kMaxQuotedBytes);
    case Fault::Kind::Width:
        break;
    }
    return csv_error::field_count_reason(fault.expected, fault.found_fields);
}

Error CsvReader::State::strict_error(std::uint64_t record_line) const {
    switch (fault.kind) {
    case Fault::Kind::StrayQuote:
        return csv_error::stray_quote(record_line, fault.field, quote);
    case Fault::Kind::TextAfterQuote:
        return csv_error::text_after_closing_quote(record_line, fault.field, fault.found, quote,
                                                   fault.after_backslash);
    case Fault::Kind::Unterminated:
    case Fault::Kind::QuoteLeftOpen: // not raised when strict
        return csv_error::unterminated_quote(record_line, fault.quote_line);
    case Fault::Kind::Width:
        break;
    }
    return csv_error::field_count(record_line, fault.expected, fault.found_fields);
}

CsvReader::CsvReader(io::ReadStream& input, const Dialect& dialect, std::size_t buffer_size) {
    if (dialect.delimiter == '\n' || dialect.delimiter == '\r' || dialect.delimiter == dialect.quote) {
        throw Error(ErrorKind::Usage,
                    "invalid CSV dialect: the delimiter cannot be a line ending or the quote "
                    "character");
    }
    if (dialect.quote == '\n' || dialect.quote == '\r') {
        throw Error(ErrorKind::Usage, "invalid CSV dialect: the quote character cannot be a line ending");
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
    if (dialect.leniency.trim_leading_spaces && dialect.delimiter == ' ') {
        throw Error(ErrorKind::Usage, "--trim cannot be used with a space delimiter");
    }
    state_ = std::make_unique<State>(input, dialect, buffer_size < 16 ? 16 : buffer_size);
}

CsvReader::~CsvReader() = default;

void CsvReader::set_bad_record_handler(BadRecordHandler handler) {
    state_->handler = std::move(handler);
    state_->recovering = static_cast<bool>(state_->handler);
}

void CsvReader::set_width(std::size_t width) {
    // (A width of 0 goes back to the first record's.)
    state_->width = width;
    state_->width_given = width > 0;
}

bool CsvReader::next() {
    State& s = *state_;
    for (;;) {
        record_.size = 0;
        raw_ = {};
        if (!s.started) {
            s.skip_bom(record_);
            s.detect_line_ending(record_);
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
        if (!s.parse_record(record_)) {
            if (!s.recovering) {
                throw s.strict_error(record_line_);
            }
            s.step_over_bad_record(record_, record_line_);
            reject();
            continue;
        }
        const bool blank = record_.size == 1 && record_[0].is_null() && s.raw_end == s.raw_begin;
        if (blank) {
            // A blank line: a record only if real records follow it.
            if (s.known_blank_lines > 0) {
                --s.known_blank_lines;
            } else {
                record_[0].value = {};
                if (s.only_blank_lines_follow(record_)) {
                    record_.size = 0;
                    return false;
                }
            }
        } else {
            raw_ = std::string_view(s.buffer.data() + s.raw_begin, s.raw_end - s.raw_begin);
        }
        if (s.first_width == 0 && !blank) {
            s.first_width = record_.size; // the header, or the first row without one
        } else if (s.width == 0 && (s.recovering || s.pad)) {
            s.width = s.first_width;
        }
        if (s.width == 0 || blank) {
            // Blank lines are the caller's to judge (a one-column NULL, or where a second table starts).
        } else if (record_.size != s.width) {
            if (s.pad && record_.size < s.width) {
                while (record_.size < s.width) {
                    record_.add({}, false);
                }
            } else {
                s.fault.kind = Fault::Kind::Width;
                s.fault.expected = s.width;
                s.fault.found_fields = record_.size;
                if (!s.recovering) {
                    throw s.strict_error(record_line_);
                }
                s.cut_to_first_line = false;
                if (const void* nl = std::memchr(raw_.data(), s.newline, raw_.size())) {
                    // A record spanning lines: its first line alone is rejected, the rest read again.
                    const auto first_end = static_cast<std::size_t>(static_cast<const char*>(nl) - s.buffer.data());
                    s.pos = first_end + 1;
                    s.line = record_line_ + 1;
                    s.raw_end = s.newline == '\n' && first_end > s.raw_begin && s.buffer.data()[first_end - 1] == '\r'
                                    ? first_end - 1
                                    : first_end;
                    s.cut_to_first_line = true;
                }
                record_.size = 0;
                reject();
                continue;
            }
        }
        ++records_read_;
        return true;
    }
}

void CsvReader::reject() {
    State& s = *state_;
    raw_ = {};
    record_.size = 0;
    ++records_rejected_;
    s.reason_text = s.reason();
    const std::string_view raw(s.buffer.data() + s.raw_begin, s.raw_end - s.raw_begin);
    if (s.cut_to_first_line) {
        s.reason_text += "; only this line is rejected, the lines after it are read again";
    }
    s.handler(BadRecord{record_line_, s.reason_text, raw});
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
