#include "formats/csv_writer.h"

#include <cstring>

namespace ferry::formats {

CsvWriter::CsvWriter(io::WriteStream& output, const Dialect& dialect) : output_(output), dialect_(dialect) {
    buffer_.reserve(kBufferSize + 4096);
    for (char c : {dialect_.delimiter, dialect_.quote, '\r', '\n'}) {
        special_[static_cast<unsigned char>(c)] = true;
    }
}

CsvWriter::~CsvWriter() = default;

bool CsvWriter::needs_quotes(std::string_view value) const {
    if (value.empty()) {
        return true; // "" is the empty string; nothing at all is NULL
    }
    for (const char c : value) {
        if (special_[static_cast<unsigned char>(c)]) {
            return true;
        }
    }
    return false;
}

void CsvWriter::append_quoted(std::string_view value) {
    buffer_ += dialect_.quote;
    for (;;) {
        const void* hit = std::memchr(value.data(), dialect_.quote, value.size());
        if (hit == nullptr) {
            buffer_.append(value);
            break;
        }
        const auto n = static_cast<std::size_t>(static_cast<const char*>(hit) - value.data()) + 1;
        buffer_.append(value.data(), n); // up to and including the quote...
        buffer_ += dialect_.quote;       // ...which is doubled
        value.remove_prefix(n);
    }
    buffer_ += dialect_.quote;
}

void CsvWriter::field(std::string_view value) {
    if (!first_in_row_) {
        buffer_ += dialect_.delimiter;
    }
    first_in_row_ = false;
    if (needs_quotes(value)) {
        append_quoted(value);
    } else {
        buffer_.append(value);
    }
    if (buffer_.size() >= kBufferSize) {
        flush();
    }
}

void CsvWriter::null_field() {
    if (!first_in_row_) {
        buffer_ += dialect_.delimiter;
    }
    first_in_row_ = false;
}

void CsvWriter::end_row() {
    buffer_ += '\n';
    first_in_row_ = true;
    if (buffer_.size() >= kBufferSize) {
        flush();
    }
}

void CsvWriter::flush() {
    if (!buffer_.empty()) {
        output_.write(buffer_);
        buffer_.clear();
    }
}

} // namespace ferry::formats
