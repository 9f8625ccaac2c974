#pragma once
/// A ReadStream that converts another stream's bytes from a file encoding to UTF-8 as they pass, in
/// bounded memory, so a UTF-16 or Windows-1252 file streams through the CSV reader like any UTF-8 file.
/// Conversion is glibc's iconv; this class only keeps the bytes of a character split across two reads.

#include <memory>
#include <string>

#include "io/read_stream.h"
#include "io/text_encoding.h"

namespace ferry::io {

class TranscodingReadStream final : public ReadStream {
public:
    /// Throws Error(Internal) if iconv lacks the conversion (it never does on glibc).
    TranscodingReadStream(std::unique_ptr<ReadStream> input, TextEncoding from);
    ~TranscodingReadStream() override;
    TranscodingReadStream(const TranscodingReadStream&) = delete;
    TranscodingReadStream& operator=(const TranscodingReadStream&) = delete;

    /// Throws Error(Data) "byte N is not valid <encoding> text ..." on a byte sequence the encoding lacks.
    std::size_t read(char* dst, std::size_t capacity) override;
    std::uint64_t raw_bytes_read() const override { return input_->raw_bytes_read(); }
    std::uint64_t total_bytes() const override { return input_->total_bytes(); }

private:
    std::unique_ptr<ReadStream> input_;
    TextEncoding from_;
    void* iconv_; ///< iconv_t
    std::string pending_;            ///< input bytes read but not yet converted
    std::size_t pending_begin_ = 0;  ///< first unconverted byte of pending_
    std::uint64_t consumed_ = 0;     ///< input bytes converted so far, for error offsets
    bool eof_ = false;
};

/// Wraps `input` in a TranscodingReadStream unless `encoding` is UTF-8.
std::unique_ptr<ReadStream> decode_as_utf8(std::unique_ptr<ReadStream> input, TextEncoding encoding);

} // namespace ferry::io
