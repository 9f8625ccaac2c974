#pragma once
/// Streaming RFC 4180 reader over a ReadStream. Memory is bounded by the buffer plus the longest record.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/bad_row.h"
#include "formats/dialect.h"
#include "io/read_stream.h"

namespace ferry::formats {

/// One field of a record. An empty field that was not quoted means NULL; `""` is the empty string.
struct Field {
    std::string_view value; ///< unquoted, doubled quotes collapsed; valid until the next `next()`
    bool quoted = false;

    bool is_null() const { return !quoted && value.empty(); }
};

class CsvReader {
public:
    static constexpr std::size_t kDefaultBufferSize = std::size_t{1} << 20;
    /// While recovering, a quoted field still open after this many lines or bytes is taken as a quote that
    /// never closes (docs/dirty-rows.md has the measurements behind them). Strict reading has no bound: it
    /// reads a 100 MB quoted field whole.
    static constexpr std::uint64_t kMaxQuotedLines = 1000;
    static constexpr std::size_t kMaxQuotedBytes = std::size_t{8} << 20;

    using BadRecordHandler = std::function<void(const BadRecord&)>;

    /// The reader does not own `input`. A UTF-8 BOM at the start is skipped, then `dialect.skip_lines`
    /// lines (line numbers still count them). Does not treat the header
    /// specially: callers read it as the first record when `dialect.header` is set. `buffer_size` is the
    /// initial block size (the block grows to hold the longest record); tests make it tiny. Throws
    /// Error(Usage) when the delimiter is CR or LF or equals the quote character.
    CsvReader(io::ReadStream& input, const Dialect& dialect, std::size_t buffer_size = kDefaultBufferSize);
    ~CsvReader();

    /// Advances to the next record; false at end of input. Accepts LF, CRLF and CR-only line endings (decided
    /// once from the start of the input, see line_endings.h), quoted fields holding
    /// delimiters, quotes and newlines; NUL bytes and any UTF-8 pass through untouched. Rules where RFC 4180
    /// leaves room:
    /// - Records end at LF; a CR right before that LF is dropped (inside quotes CR and LF are kept
    ///   verbatim). A final record without a line ending is still a record.
    /// - Blank lines at the end of the input are not records. A blank line followed by more records is a
    ///   record of one NULL field, so a width check reports it with its line number.
    /// - A quote inside an unquoted field (`ab"c`) throws Error(Data) "line N: stray \" in unquoted field F
    ///   ..." unless `dialect.leniency.literal_stray_quotes` keeps it as a character; only a quote as the
    ///   first byte (after spaces with `trim_leading_spaces`) starts a quoted field.
    /// - Anything but a delimiter or line ending after a closing quote (`"ab"c,`) throws Error(Data)
    ///   "line N: unexpected 'c' after the closing quote of field F ...".
    /// - A quoted field still open at end of input throws Error(Data)
    ///   "line N: unterminated quoted field starting at line M".
    /// - With `dialect.leniency.pad_ragged`, the first record (the header) fixes the width: shorter records
    ///   get NULL fields (blank lines excepted), longer ones throw the width error.
    /// With a bad-record handler set, none of these errors is thrown: the record goes to the handler and
    /// reading resumes at the next record boundary (docs/dirty-rows.md, "How the parser recovers").
    bool next();

    /// Switches to recovering: malformed records - and, once the first record (the header) has fixed the
    /// width, records of another width, blank lines excepted - are handed to `handler` instead of thrown, and next() goes on
    /// with the record after them. `handler` may throw (too many rejects): the reader stays usable.
    void set_bad_record_handler(BadRecordHandler handler);
    /// The width every record must have (instead of the first record's), for pad_ragged and recovering.
    void set_width(std::size_t width);

    /// The current record's bytes as in the file, without its line ending (valid until the next `next()`;
    /// empty for a blank line).
    std::string_view raw_record() const { return raw_; }
    /// Records returned by next() (the header included) and records handed to the bad-record handler: the
    /// records of the input are always the sum of the two.
    std::uint64_t records_read() const { return records_read_; }
    std::uint64_t records_rejected() const { return records_rejected_; }

    std::span<const Field> fields() const { return {record_.slots.data(), record_.size}; }
    /// 1-based line number on which the current record starts.
    std::uint64_t line() const { return record_line_; }
    /// Bytes consumed from the underlying stream (for progress).
    std::uint64_t raw_bytes_read() const;

    /// Throws Error(Data) "line N: expected E fields, found F" when the current record's width differs.
    void expect_field_count(std::size_t expected) const;

private:
    struct State;
    /// The current record's fields: the first `size` of `slots`. `slots` stays as wide as the widest record
    /// so far and fields are assigned in place: no vector growth (or call) per field.
    struct Record {
        std::vector<Field> slots;
        std::size_t size = 0;

        void add(std::string_view value, bool quoted) {
            if (size == slots.size()) {
                slots.resize(size + 1);
            }
            Field& field = slots[size++];
            field.value = value;
            field.quoted = quoted;
        }
        Field& operator[](std::size_t i) { return slots[i]; }
    };

    /// Hands the record that just failed to the handler and steps over it.
    void reject();

    std::unique_ptr<State> state_;
    Record record_;
    std::uint64_t record_line_ = 0;
    std::string_view raw_;
    std::uint64_t records_read_ = 0;
    std::uint64_t records_rejected_ = 0;
};

} // namespace ferry::formats
