#pragma once
/// Which codec compresses the bytes between Ferry and ClickHouse: what the user asked for
/// (`--compression`, the API connection's "compression"), and the rules that turn "auto" into a codec for
/// each direction. What a server takes differs by version and build, so the client probes rather than
/// guesses from the version:
///   - request bodies (import data): HTTP `Content-Encoding` (Debian's 18.16: gzip and deflate; 21+ also
///     zstd, lz4, br, xz...), or ClickHouse's own block framing with `decompress=1`, which takes zstd and
///     LZ4 blocks on every server since 2017;
///   - response bodies (exports, previews): `enable_http_compression=1` + `Accept-Encoding` (18.16: gzip and
///     deflate, compressed by the server with zlib; newer also zstd), or ClickHouse's block framing with
///     `compress=1` (LZ4 blocks; Ferry's "lz4" for responses). 18.16 frames answers, but one that fits its
///     first 1 MiB buffer comes back EMPTY (the buffer is never flushed): the probe tells such a server
///     apart and the client asks again without framing when that happens (HttpClient::sends_response).

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "io/compression.h"

namespace ferry::clickhouse {

enum class WireCompression { Auto, None, Gzip, Zstd, Lz4 };

std::string_view to_string(WireCompression compression);
/// "auto", "none", "gzip", "zstd", "lz4". Throws Error(Usage) with the accepted values for anything else
/// (`what` names the flag or field, e.g. "--compression").
WireCompression parse_wire_compression(std::string_view text, std::string_view what);

/// True for an IPv4/IPv6 loopback address literal ("127.0.0.1", "::1").
bool is_loopback_address(std::string_view ip);
/// True when the connection joins two addresses of this machine (as libcurl reports them).
bool same_machine(std::string_view local_ip, std::string_view remote_ip);

/// A link slower than this (bytes/s, ~500 Mbit/s) is "slow": there auto asks for gzip responses and
/// compresses zstd request bodies harder (io::kSlowLinkZstdLevel). The server answers gzip responses by
/// compressing with zlib on one of its cores at ~75 MB/s of input (gzip -1 on the benchmark's CSV: 1.28 s
/// of CPU per 100 MB) for ~2.6x fewer bytes: that pays only on a link slower than about that (measured at
/// 1 Gbit/s: a 200,000-row export took 2.6 s with gzip against 1.0 s plain).
inline constexpr double kSlowLinkBytesPerSecond = 60e6;
/// Response rules of "auto" where the server has no zstd (18.16), from the 2M-row export on this 2-core VM.
/// Exports read Native answers (pipeline/export_answer.h); the server formats and compresses them in one
/// thread, so each codec costs server time (CPU seconds, /proc/<server>/stat, 12:43 UTC, load ~6):
///   none: 274 MB, 0.72 s; LZ4 blocks (compress=1): 134 MB, 1.07-1.31 s; gzip level 1: 93 MB, 3.3 s.
///   (The TabSeparated answers these were first set for: 322 MB 1.1 s, 168 MB 1.8-2.1 s, 122 MB 4.9 s.)
/// Time ~ max(server, bytes / link): gzip wins below 134 MB / 3.3 s ~ 40 MB/s, LZ4 blocks between that and
/// 274 MB / 1.2 s ~ 228 MB/s (200: the server's time varies), plain above.
inline constexpr double kGzipResponseBelowBytesPerSecond = 40e6;
inline constexpr double kFramedResponseBelowBytesPerSecond = 200e6;

/// The link's rate from `measure()` (one 2 MiB answer's bytes/s): once, or the better of two when the first
/// says the link is slow (below kSlowLinkBytesPerSecond, where the rate picks a slow link's codec). A link
/// does not get faster by chance, but a measurement gets slower when the machine is busy: a TLS export at
/// 1 Gbit/s on a loaded 2-core machine once measured below 40 MB/s and took gzip (5.3 s instead of 1.6 s).
double measured_link_rate(const std::function<double()>& measure);

/// The link measurement's size (HttpClient::link_bytes_per_second(): 2 MiB of UInt64s). An answer known
/// to be no larger travels as it is under auto: choosing a codec for it (a probe or two and the
/// measurement) would move more bytes, and take more round trips, than the answer itself. Measured at 30 ms
/// RTT (bench/startup_rtt.py): see bench/README.md, "Startup round trips".
inline constexpr std::uint64_t kLinkMeasureBytes = std::uint64_t{2} << 20;
inline bool answer_too_small_for_a_codec(WireCompression requested, std::optional<std::uint64_t> answer_bytes) {
    return requested == WireCompression::Auto && answer_bytes && *answer_bytes <= kLinkMeasureBytes;
}

/// The codec of request bodies. `takes(codec)` says whether the server reads it (by either framing).
///   - none: asked for, or auto towards this very machine (the link is memory; compression only burns the
///     CPU the server needs);
///   - auto otherwise: zstd (the cheapest per byte saved: 0.49 s of CPU per 100 MB at level 1, ~2.8x),
///     else gzip, else lz4, else none;
///   - gzip/zstd/lz4 asked for: used if taken, else Error(Usage) naming the server and advising.
io::Compression choose_request_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                     const std::function<bool(io::Compression)>& takes);

/// Request rule of "auto" on a fast link, from the benchmark's 2M-row insert sent as Native (270 MB) to 18.16
/// on this 2-core VM: reading the body costs the server (into a Null table, unsquashed, 3 runs) 0.38-0.41 s
/// plain, 0.35-0.41 s as LZ4 blocks, 0.45-0.52 s as zstd level 1 blocks; Ferry spends +0.3 s of CPU on LZ4
/// and +0.7 s on zstd; the wire carries 133 MB (LZ4) or 94 MB (zstd). The whole insert costs the server
/// 3.4-4.0 s on its one insert thread (mostly building 1M-row blocks), so from ~60 MB/s (~500 Mbit/s) the
/// extra LZ4 bytes (1.1 s at 1 Gbit/s) are hidden behind the server's work, while zstd's CPU is not (on
/// either end: the server's thread, and a client that shares its cores). Below that, bytes decide: zstd.
inline constexpr double kLz4RequestFromBytesPerSecond = 60e6;

/// As above, and auto towards another machine takes LZ4 blocks when the link (`link_bytes_per_second()`,
/// measured only then) is at least kLz4RequestFromBytesPerSecond and the server takes them.
io::Compression choose_request_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                     const std::function<bool(io::Compression)>& takes,
                                     const std::function<double()>& link_bytes_per_second);

/// The codec of response bodies. `sends(codec)` says whether the server compresses responses with it;
/// `link_bytes_per_second()` measures the link (called only when the choice depends on it).
///   - none: asked for, or auto towards this machine;
///   - auto otherwise: zstd if sent; else gzip if sent and the link is slower than
///     kGzipResponseBelowBytesPerSecond; else LZ4 blocks if sent and the link is slower than
///     kFramedResponseBelowBytesPerSecond; else none;
///   - gzip/zstd/lz4 asked for: used if sent (lz4: as compress=1 blocks), else Error(Usage).
io::Compression choose_response_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                      const std::function<bool(io::Compression)>& sends,
                                      const std::function<double()>& link_bytes_per_second);

} // namespace ferry::clickhouse
