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
    /// The reader does not own `input`. A UTF-8 BOM at the start is skipped. Does not treat the header
    /// specially: callers read it as the first record when `dialect.header` is set.
    CsvReader(io::ReadStream& input, const Dialect& dialect);
    ~CsvReader();

    /// Advances to the next record; false at end of input. Accepts LF and CRLF, quoted fields holding
    /// delimiters, quotes and newlines; NUL bytes and any UTF-8 pass through untouched. A blank line at the
    /// very end is not a record. Throws Error(Data) naming the line on an unterminated quote or a stray
    /// quote inside an unquoted field... (see csv_reader.cpp for exact rules).
    bool next();

    std::span<const Field> fields() const { return fields_; }
    /// 1-based line number on which the current record starts.
    std::uint64_t line() const { return record_line_; }
    /// Bytes consumed from the underlying stream (for progress).
    std::uint64_t raw_bytes_read() const;

    /// Throws Error(Data) "line N: expected E fields, found F" when the current record's width differs.
    void expect_field_count(std::size_t expected) const;

private:
    struct State;
    std::unique_ptr<State> state_;
    std::vector<Field> fields_;
    std::uint64_t record_line_ = 0;
};

} // namespace ferry::formats
