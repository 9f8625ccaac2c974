#include "io/transcoding_read_stream.h"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "common/error.h"

namespace ferry::io {

namespace {

iconv_t handle(void* cd) {
    return static_cast<iconv_t>(cd);
}

} // namespace

TranscodingReadStream::TranscodingReadStream(std::unique_ptr<ReadStream> input, TextEncoding from)
    : input_(std::move(input)), from_(from) {
    iconv_t cd = iconv_open("UTF-8", iconv_name(from));
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw Error(ErrorKind::Internal, std::string("iconv cannot convert from ") + iconv_name(from));
    }
    iconv_ = cd;
}

TranscodingReadStream::~TranscodingReadStream() {
    iconv_close(handle(iconv_));
}

std::size_t TranscodingReadStream::read(char* dst, std::size_t capacity) {
    for (;;) {
        const std::size_t available = pending_.size() - pending_begin_;
        if (available > 0) {
            char* in = pending_.data() + pending_begin_;
            std::size_t in_left = available;
            char* out = dst;
            std::size_t out_left = capacity;
            const std::size_t result = iconv(handle(iconv_), &in, &in_left, &out, &out_left);
            const int error = errno;
            pending_begin_ += available - in_left;
            consumed_ += available - in_left;
            const std::size_t produced = capacity - out_left;
            if (result == static_cast<std::size_t>(-1) && error == EILSEQ) {
                throw Error(ErrorKind::Data,
                            fmt::format("byte {} of the file is not valid {} text; give the file's encoding "
                                        "with --encoding (utf-8, utf-16le, utf-16be, windows-1252, latin-1)",
                                        consumed_ + 1, to_string(from_)));
            }
            if (produced > 0) {
                return produced; // E2BIG (dst full), EINVAL (a character split by the read) or all done
            }
            if (result == static_cast<std::size_t>(-1) && error == E2BIG) {
                throw Error(ErrorKind::Internal, "transcoding buffer too small");
            }
        }
        // Everything converted, or only the start of a split character left: read more behind it.
        pending_.erase(0, pending_begin_);
        pending_begin_ = 0;
        if (eof_) {
            if (!pending_.empty()) {
                throw Error(ErrorKind::Data, fmt::format("the file ends inside a {} character (byte {})",
                                                         to_string(from_), consumed_ + 1));
            }
            return 0;
        }
        const std::size_t old = pending_.size();
        const std::size_t want = std::max<std::size_t>(capacity / 3, 4096);
        pending_.resize(old + want);
        const std::size_t n = input_->read(pending_.data() + old, want);
        pending_.resize(old + n);
        if (n == 0) {
            eof_ = true;
        }
    }
}

std::unique_ptr<ReadStream> decode_as_utf8(std::unique_ptr<ReadStream> input, TextEncoding encoding) {
    if (encoding == TextEncoding::Utf8) {
        return input;
    }
    return std::make_unique<TranscodingReadStream>(std::move(input), encoding);
}

} // namespace ferry::io
