#pragma once
/// Codecs for bytes on the wire (HTTP bodies to and from ClickHouse), as opposed to files: zstd as for
/// `.zst` files, and gzip as a series of libdeflate-compressed members (gzip_member_write_stream.h), both at
/// level 1. On two shared cores every millisecond of client CPU is one the server does not get: level 1
/// gives most of the size reduction at a fraction of the cost.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "io/compression.h"
#include "io/write_stream.h"

namespace ferry::io {

inline constexpr int kWireCompressionLevel = 1;
/// zstd's level on a slow link, where the link and not the CPU decides: on the benchmark's RowBinary level 3
/// makes 12% fewer bytes than level 1 for 1.8x its CPU (level 7: 16% fewer for 4.6x).
inline constexpr int kSlowLinkZstdLevel = 3;

/// How a compressed request body is marked for the server: by the HTTP `Content-Encoding` header, or as
/// ClickHouse's own block framing (`decompress=1`, block_framed_write_stream.h).
enum class WireFraming { ContentEncoding, ClickHouseBlocks };

/// "none", "gzip", "zstd", "lz4": the names used by `--compression`, the API and the `--json` summary.
std::string_view wire_name(Compression codec);
/// The HTTP `Content-Encoding` / `Accept-Encoding` token ("gzip", "zstd"); empty for None.
std::string_view content_encoding(Compression codec);
/// Parses a Content-Encoding token as a server sends it (case-insensitive); nullopt for unknown ones.
std::optional<Compression> from_content_encoding(std::string_view token);

/// A compressing WriteStream that passes the compressed bytes to `sink` (None: `sink` itself, unwrapped,
/// is what the caller should use; this returns nullptr for it). Lz4 exists only as ClickHouseBlocks.
std::unique_ptr<WriteStream> make_wire_compressor(Compression codec, WireFraming framing, WriteStream& sink,
                                                  int level = kWireCompressionLevel);

/// Compresses `plain` in one go (small bodies: the server probe).
std::string compress_all(Compression codec, WireFraming framing, std::string_view plain);

} // namespace ferry::io
