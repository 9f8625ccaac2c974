#include "clickhouse/wire_compression.h"

#include <algorithm>

#include <arpa/inet.h>
#include <fmt/format.h>

#include <string>

#include "common/error.h"
#include "io/wire_codec.h"

namespace ferry::clickhouse {

namespace {

io::Compression codec_of(WireCompression compression) {
    switch (compression) {
    case WireCompression::Gzip:
        return io::Compression::Gzip;
    case WireCompression::Zstd:
        return io::Compression::Zstd;
    case WireCompression::Lz4:
        return io::Compression::Lz4;
    case WireCompression::Auto:
    case WireCompression::None:
        break;
    }
    return io::Compression::None;
}

/// "zstd or gzip": the codecs among `candidates` the server takes, for advice.
std::string taken_list(io::Compression refused, const std::function<bool(io::Compression)>& takes) {
    std::string out;
    for (const auto codec : {io::Compression::Zstd, io::Compression::Gzip, io::Compression::Lz4}) {
        if (codec != refused && takes(codec)) {
            out += out.empty() ? "" : ", ";
            out += io::wire_name(codec);
        }
    }
    return out.empty() ? "none" : out;
}

} // namespace

std::string_view to_string(WireCompression compression) {
    switch (compression) {
    case WireCompression::Auto:
        return "auto";
    case WireCompression::None:
        return "none";
    case WireCompression::Gzip:
        return "gzip";
    case WireCompression::Zstd:
        return "zstd";
    case WireCompression::Lz4:
        return "lz4";
    }
    return "auto";
}

WireCompression parse_wire_compression(std::string_view text, std::string_view what) {
    for (const auto value : {WireCompression::Auto, WireCompression::None, WireCompression::Gzip,
                             WireCompression::Zstd, WireCompression::Lz4}) {
        if (text == to_string(value)) {
            return value;
        }
    }
    throw Error(ErrorKind::Usage, fmt::format("{} must be auto, none, zstd, gzip or lz4, not '{}'", what,
                                              printable_value(text)));
}

bool is_loopback_address(std::string_view ip) {
    const std::string text(ip);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) {
            return true;
        }
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127; // ::ffff:127.x.x.x
    }
    return false;
}

double measured_link_rate(const std::function<double()>& measure) {
    const double first = measure();
    return first < kSlowLinkBytesPerSecond ? std::max(first, measure()) : first;
}

bool same_machine(std::string_view local_ip, std::string_view remote_ip) {
    return is_loopback_address(remote_ip) || (!remote_ip.empty() && remote_ip == local_ip);
}

io::Compression choose_request_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                     const std::function<bool(io::Compression)>& takes) {
    if (requested == WireCompression::None || (requested == WireCompression::Auto && same_machine)) {
        return io::Compression::None;
    }
    if (requested == WireCompression::Auto) {
        for (const auto codec : {io::Compression::Zstd, io::Compression::Gzip, io::Compression::Lz4}) {
            if (takes(codec)) {
                return codec;
            }
        }
        return io::Compression::None;
    }
    const auto codec = codec_of(requested);
    if (takes(codec)) {
        return codec;
    }
    throw Error(ErrorKind::Usage,
                fmt::format("ClickHouse at {} does not take {}-compressed request bodies (probed); it takes: "
                            "{}. Use --compression auto",
                            endpoint, io::wire_name(codec), taken_list(codec, takes)));
}

io::Compression choose_request_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                     const std::function<bool(io::Compression)>& takes,
                                     const std::function<double()>& link_bytes_per_second) {
    if (requested == WireCompression::Auto && !same_machine &&
        link_bytes_per_second() >= kLz4RequestFromBytesPerSecond && takes(io::Compression::Lz4)) {
        return io::Compression::Lz4;
    }
    return choose_request_codec(requested, same_machine, endpoint, takes);
}

io::Compression choose_response_codec(WireCompression requested, bool same_machine, std::string_view endpoint,
                                      const std::function<bool(io::Compression)>& sends,
                                      const std::function<double()>& link_bytes_per_second) {
    if (requested == WireCompression::None || (requested == WireCompression::Auto && same_machine)) {
        return io::Compression::None;
    }
    if (requested == WireCompression::Auto) {
        if (sends(io::Compression::Zstd)) {
            return io::Compression::Zstd;
        }
        const double rate = link_bytes_per_second();
        if (rate < kGzipResponseBelowBytesPerSecond && sends(io::Compression::Gzip)) {
            return io::Compression::Gzip;
        }
        if (rate < kFramedResponseBelowBytesPerSecond && sends(io::Compression::Lz4)) {
            return io::Compression::Lz4;
        }
        return io::Compression::None;
    }
    const auto codec = codec_of(requested);
    if (sends(codec)) {
        return codec;
    }
    throw Error(ErrorKind::Usage,
                fmt::format("ClickHouse at {} does not send {}-compressed responses over HTTP (probed); it "
                            "sends: {}. Use --compression auto",
                            endpoint, io::wire_name(codec), taken_list(codec, sends)));
}

} // namespace ferry::clickhouse
