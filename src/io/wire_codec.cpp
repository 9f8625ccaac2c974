#include "io/wire_codec.h"

#include <algorithm>
#include <cctype>

#include "io/gzip_member_write_stream.h"
#include "io/memory_stream.h"
#include "io/zstd_stream.h"

namespace ferry::io {

namespace {

/// Codec errors name this instead of a file path.
const std::filesystem::path kWirePath = "the request body";

} // namespace

std::string_view wire_name(Compression codec) {
    switch (codec) {
    case Compression::Gzip:
        return "gzip";
    case Compression::Zstd:
        return "zstd";
    case Compression::None:
        break;
    }
    return "none";
}

std::string_view content_encoding(Compression codec) {
    return codec == Compression::None ? std::string_view() : wire_name(codec);
}

std::optional<Compression> from_content_encoding(std::string_view token) {
    std::string lower(token);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "gzip" || lower == "x-gzip") {
        return Compression::Gzip;
    }
    if (lower == "zstd") {
        return Compression::Zstd;
    }
    if (lower.empty() || lower == "identity") {
        return Compression::None;
    }
    return std::nullopt;
}

std::unique_ptr<WriteStream> make_wire_compressor(Compression codec, WriteStream& sink) {
    switch (codec) {
    case Compression::Gzip:
        return std::make_unique<GzipMemberWriteStream>(sink, kWireCompressionLevel);
    case Compression::Zstd:
        return std::make_unique<ZstdWriteStream>(sink, kWirePath, kWireCompressionLevel);
    case Compression::None:
        break;
    }
    return nullptr;
}

std::string compress_all(Compression codec, std::string_view plain) {
    StringWriteStream out;
    auto compressor = make_wire_compressor(codec, out);
    if (!compressor) {
        return std::string(plain);
    }
    compressor->write(plain);
    compressor->finish();
    return out.data();
}

} // namespace ferry::io
