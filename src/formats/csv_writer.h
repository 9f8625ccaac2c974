#pragma once
/// Streaming RFC 4180 writer. Fields are quoted only when they need it (delimiter, quote, CR, LF, or a
/// leading/trailing space is NOT a reason); NULL is written as an empty unquoted field and the empty
/// string as `""`, so Nullable columns round-trip exactly. Rows end with LF.

#include <string>
#include <string_view>

#include "formats/dialect.h"
#include "io/write_stream.h"

namespace ferry::formats {

class CsvWriter {
public:
    /// Does not own `output`; buffers internally and writes in large blocks.
    CsvWriter(io::WriteStream& output, const Dialect& dialect);
    ~CsvWriter();

    void field(std::string_view value);
    void null_field();
    void end_row();
    /// Writes what is buffered to the output stream (does not call output.finish()).
    void flush();

private:
    io::WriteStream& output_;
    Dialect dialect_;
    std::string buffer_;
    bool first_in_row_ = true;
};

} // namespace ferry::formats
