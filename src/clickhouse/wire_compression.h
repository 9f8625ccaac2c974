#pragma once
/// Which codec compresses the bytes between Ferry and ClickHouse: what the user asked for
/// (`--compression`, the API connection's "compression"), and the rule that turns "auto" into a codec.
/// ClickHouse's HTTP interface decompresses a request body by its `Content-Encoding` and compresses a
/// response with `enable_http_compression=1` + `Accept-Encoding`; which encodings a server takes differs
/// by version and build (Debian's 18.16: gzip and deflate only; 21+ also zstd, br, xz, lz4...), so the
/// client probes rather than guesses from the version.

#include <functional>
#include <optional>
#include <string_view>

#include "io/compression.h"

namespace ferry::clickhouse {

enum class WireCompression { Auto, None, Gzip, Zstd };

std::string_view to_string(WireCompression compression);
/// "auto", "none", "gzip", "zstd". Throws Error(Usage) with the accepted values for anything else
/// (`what` names the flag or field, e.g. "--compression").
WireCompression parse_wire_compression(std::string_view text, std::string_view what);

/// True for an IPv4/IPv6 loopback address literal ("127.0.0.1", "::1").
bool is_loopback_address(std::string_view ip);

/// What "auto" and the explicit choices come to, given the addresses of an open connection (as libcurl
/// reports them) and a probe that says whether the server takes a codec both ways.
///   - none: asked for, or auto towards this very machine (loopback, or the server's address is one of
///     ours): there the link is memory and compression only burns the CPU the server needs;
///   - auto otherwise: zstd where the server takes it (the cheapest per byte saved), else gzip, else none;
///   - gzip/zstd asked for: used if the probe accepts it, else Error(Usage) naming the server and advising
///     the codecs it does take.
io::Compression choose_wire_codec(WireCompression requested, std::string_view local_ip,
                                  std::string_view remote_ip, std::string_view endpoint,
                                  const std::function<bool(io::Compression)>& accepts);

} // namespace ferry::clickhouse
