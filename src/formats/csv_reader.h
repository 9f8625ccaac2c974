#pragma once
/// Streaming RFC 4180 reader over a ReadStream. Memory is bounded by the buffer plus the longest record.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

    /// The reader does not own `input`. A UTF-8 BOM at the start is skipped, then `dialect.skip_lines`
    /// lines (line numbers still count them). Does not treat the header
    /// specially: callers read it as the first record when `dialect.header` is set. `buffer_size` is the
    /// initial block size (the block grows to hold the longest record); tests make it tiny. Throws
    /// Error(Usage) when the delimiter is CR or LF or equals the quote character.
    CsvReader(io::ReadStream& input, const Dialect& dialect, std::size_t buffer_size = kDefaultBufferSize);
    ~CsvReader();

    /// Advances to the next record; false at end of input. Accepts LF and CRLF, quoted fields holding
    /// delimiters, quotes and newlines; NUL bytes and any UTF-8 pass through untouched. Rules where RFC 4180
    /// leaves room:
    /// - Records end at LF; a CR right before that LF is dropped (inside quotes CR and LF are kept
    ///   verbatim). A final record without a line ending is still a record.
    /// - Blank lines at the end of the input are not records. A blank line followed by more records is a
    ///   record of one NULL field, so a width check reports it with its line number.
    /// - A quote inside an unquoted field (`ab"c`) is kept literally, as most tools do; only a quote as the
    ///   first byte starts a quoted field.
    /// - Anything but a delimiter or line ending after a closing quote (`"ab"c,`) throws Error(Data)
    ///   "line N: unexpected 'c' after the closing quote of field F ...".
    /// - A quoted field still open at end of input throws Error(Data)
    ///   "line N: unterminated quoted field starting at line M".
    bool next();

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

    std::unique_ptr<State> state_;
    Record record_;
    std::uint64_t record_line_ = 0;
};

} // namespace ferry::formats
