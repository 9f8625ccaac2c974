#pragma once
/// Streaming RFC 4180 writer. Fields are quoted only when they need it: a delimiter, quote, CR or LF
/// inside, or a space or tab at either end (ClickHouse 22+ and most spreadsheet tools trim those from
/// unquoted fields, input_format_csv_trim_whitespaces); NULL is written as an empty unquoted field and the
/// empty string as `""`, so Nullable columns round-trip exactly. Rows end with LF.

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "formats/dialect.h"
#include "formats/tsv.h"
#include "io/write_stream.h"

namespace ferry::formats {

class CsvWriter {
public:
    static constexpr std::size_t kBufferSize = std::size_t{1} << 20;

    /// Does not own `output`. Buffers internally and writes blocks of exactly kBufferSize bytes (the last
    /// one shorter), which a FileWriteStream hands to the file without copying them again.
    CsvWriter(io::WriteStream& output, const Dialect& dialect);
    /// Does not flush: call flush() before finishing the output. (A destructor that wrote could throw, or
    /// write into a stream that is already finished or being abandoned after an error.)
    ~CsvWriter();
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    void field(std::string_view value);
    void null_field();
    void end_row();
    /// One whole row of a TabSeparated result (NULL fields as null_field()), then end_row(). The export's
    /// inner loop: one call per row instead of one per field.
    void write_row(std::span<const TsvField> row);
    /// Writes what is buffered to the output stream (does not call output.finish()).
    void flush();

private:
    /// A field may run this far past kBufferSize before the full block is written out; longer ones are
    /// copied through the buffer in pieces.
    static constexpr std::size_t kOverflow = std::size_t{64} << 10;
    static_assert(kOverflow < kBufferSize);

    /// Whether `value` starts or ends with a space or tab, which readers trim when it is not quoted.
    static bool edge_blank(std::string_view value) {
        const auto blank = [](char c) { return c == ' ' || c == '\t'; };
        return !value.empty() && (blank(value.front()) || blank(value.back()));
    }
    /// Delimiter + value: the common case, inlined into write_row().
    void append_field(std::string_view value);
    /// Delimiter + value, for a value that may not fit in the rest of the buffer.
    void append_long_field(std::string_view value);
    /// Copies a value that needs no quotes to `dst`; false (with `dst` partly written) when it needs them.
    bool copy_plain(char* dst, const char* src, std::size_t size) const;
    /// True when [data, data + size) holds a byte that forces quoting.
    bool has_special(const char* data, std::size_t size) const;
    void append_quoted(std::string_view value);
    /// Appends through the buffer, writing out full blocks as they fill.
    void put(const char* data, std::size_t size);
    void put(char c) {
        *pos_++ = c;
        if (pos_ >= limit_) {
            write_block();
        }
    }
    /// Writes the first kBufferSize bytes and moves what follows them to the front.
    void write_block();

    io::WriteStream& output_;
    const char delimiter_;
    const char quote_;
    std::unique_ptr<char[]> buffer_; ///< kBufferSize + kOverflow bytes
    char* pos_;                      ///< end of the buffered bytes; below limit_ between calls
    char* limit_;                    ///< buffer_ + kBufferSize: a full block
    char* capacity_end_;             ///< buffer_ + kBufferSize + kOverflow
    bool first_in_row_ = true;
    std::array<bool, 256> special_{}; ///< bytes that force quoting: delimiter, quote, CR, LF
};

} // namespace ferry::formats
