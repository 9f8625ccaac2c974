#pragma once
/// Turns a source of plain bytes into a source of compressed ones (pull direction), so a compressed HTTP
/// request body can be read by libcurl exactly like a plain one: the HTTP client wraps its body stream in
/// this and never knows the codec's details.

#include <cstdint>
#include <memory>
#include <string>

#include "io/compression.h"
#include "io/read_stream.h"
#include "io/wire_codec.h"
#include "io/write_stream.h"

namespace ferry::io {

class CompressingReadStream final : public ReadStream {
public:
    /// `source` must outlive this stream. `codec` must not be None.
    CompressingReadStream(ReadStream& source, Compression codec,
                          WireFraming framing = WireFraming::ContentEncoding,
                          int level = kWireCompressionLevel);
    ~CompressingReadStream() override;
    CompressingReadStream(const CompressingReadStream&) = delete;
    CompressingReadStream& operator=(const CompressingReadStream&) = delete;

    /// Compressed bytes; 0 once the source has ended and the codec's trailer has been returned.
    std::size_t read(char* dst, std::size_t capacity) override;
    std::uint64_t raw_bytes_read() const override { return source_.raw_bytes_read(); }
    std::uint64_t total_bytes() const override { return source_.total_bytes(); }
    /// Compressed bytes returned so far.
    std::uint64_t compressed_bytes() const { return compressed_bytes_; }

private:
    /// Collects what the compressor emits until read() hands it out; at most one codec block (1 MiB).
    class Pending final : public WriteStream {
    public:
        void write(std::string_view bytes) override { bytes_.append(bytes); }
        void finish() override {}
        std::string bytes_;
        std::size_t pos_ = 0;
    };

    ReadStream& source_;
    Pending pending_;
    std::unique_ptr<WriteStream> compressor_;
    std::unique_ptr<char[]> input_;
    bool finished_ = false;
    std::uint64_t compressed_bytes_ = 0;
};

} // namespace ferry::io
