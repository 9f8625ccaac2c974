#pragma once
/// Streaming RFC 4180 writer. Fields are quoted only when they need it (delimiter, quote, CR, LF, or a
/// leading/trailing space is NOT a reason); NULL is written as an empty unquoted field and the empty
/// string as `""`, so Nullable columns round-trip exactly. Rows end with LF.

#include <array>
#include <string>
#include <string_view>

#include "formats/dialect.h"
#include "io/write_stream.h"

namespace ferry::formats {

class CsvWriter {
public:
    static constexpr std::size_t kBufferSize = std::size_t{1} << 20;

    /// Does not own `output`; buffers internally and writes in blocks of about kBufferSize.
    CsvWriter(io::WriteStream& output, const Dialect& dialect);
    /// Does not flush: call flush() before finishing the output. (A destructor that wrote could throw, or
    /// write into a stream that is already finished or being abandoned after an error.)
    ~CsvWriter();

    void field(std::string_view value);
    void null_field();
    void end_row();
    /// Writes what is buffered to the output stream (does not call output.finish()).
    void flush();

private:
    bool needs_quotes(std::string_view value) const;
    void append_quoted(std::string_view value);

    io::WriteStream& output_;
    Dialect dialect_;
    std::string buffer_;
    bool first_in_row_ = true;
    std::array<bool, 256> special_{}; ///< bytes that force quoting: delimiter, quote, CR, LF
};

} // namespace ferry::formats
