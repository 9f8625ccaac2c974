#include "io/compressing_read_stream.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "io/wire_codec.h"

namespace ferry::io {

namespace {

/// Plain bytes taken from the source per compressor call: small enough that the first compressed bytes
/// leave soon after the transfer starts, large enough that codec calls are noise.
constexpr std::size_t kInputBlock = 256 * 1024;

} // namespace

CompressingReadStream::CompressingReadStream(ReadStream& source, Compression codec, WireFraming framing,
                                             int level)
    : source_(source), compressor_(make_wire_compressor(codec, framing, pending_, level)),
      input_(std::make_unique<char[]>(kInputBlock)) {
    if (!compressor_) {
        throw Error(ErrorKind::Internal, "CompressingReadStream needs a codec");
    }
}

CompressingReadStream::~CompressingReadStream() = default;

std::size_t CompressingReadStream::read(char* dst, std::size_t capacity) {
    while (pending_.pos_ == pending_.bytes_.size()) {
        if (finished_) {
            return 0;
        }
        pending_.bytes_.clear();
        pending_.pos_ = 0;
        const std::size_t n = source_.read(input_.get(), kInputBlock);
        if (n == 0) {
            compressor_->finish();
            finished_ = true;
        } else {
            compressor_->write(std::string_view(input_.get(), n));
        }
    }
    const std::size_t n = std::min(capacity, pending_.bytes_.size() - pending_.pos_);
    std::memcpy(dst, pending_.bytes_.data() + pending_.pos_, n);
    pending_.pos_ += n;
    compressed_bytes_ += n;
    return n;
}

} // namespace ferry::io
