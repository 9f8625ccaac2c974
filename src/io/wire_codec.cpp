#include "io/wire_codec.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "io/block_framed_write_stream.h"
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
    case Compression::Lz4:
        return "lz4";
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
    if (lower == "lz4") {
        return Compression::Lz4;
    }
    if (lower.empty() || lower == "identity") {
        return Compression::None;
    }
    return std::nullopt;
}

std::unique_ptr<WriteStream> make_wire_compressor(Compression codec, WireFraming framing, WriteStream& sink,
                                                  int level) {
    if (codec != Compression::None && framing == WireFraming::ClickHouseBlocks) {
        return std::make_unique<BlockFramedWriteStream>(sink, codec, level);
    }
    switch (codec) {
    case Compression::Gzip:
        return std::make_unique<GzipMemberWriteStream>(sink, level);
    case Compression::Zstd:
        return std::make_unique<ZstdWriteStream>(sink, kWirePath, level);
    case Compression::Lz4:
        throw Error(ErrorKind::Internal, "lz4 is sent only in ClickHouse block framing");
    case Compression::None:
        break;
    }
    return nullptr;
}

std::string compress_all(Compression codec, WireFraming framing, std::string_view plain) {
    StringWriteStream out;
    auto compressor = make_wire_compressor(codec, framing, out);
    if (!compressor) {
        return std::string(plain);
    }
    compressor->write(plain);
    compressor->finish();
    return out.data();
}

} // namespace ferry::io
