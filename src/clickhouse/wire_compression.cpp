#include "clickhouse/wire_compression.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <string>

#include "common/error.h"
#include "io/wire_codec.h"

namespace ferry::clickhouse {

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
    }
    return "auto";
}

WireCompression parse_wire_compression(std::string_view text, std::string_view what) {
    for (const auto value :
         {WireCompression::Auto, WireCompression::None, WireCompression::Gzip, WireCompression::Zstd}) {
        if (text == to_string(value)) {
            return value;
        }
    }
    if (text == "lz4") {
        throw Error(ErrorKind::Usage,
                    fmt::format("{} lz4 is not available yet: ClickHouse 18.16 takes only gzip request bodies "
                                "over HTTP and Ferry does not speak ClickHouse's own LZ4 block framing; use "
                                "auto, zstd or gzip",
                                what));
    }
    throw Error(ErrorKind::Usage,
                fmt::format("{} must be auto, none, zstd or gzip, not '{}'", what, printable_value(text)));
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
        // ::ffff:127.x.x.x
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

io::Compression choose_wire_codec(WireCompression requested, std::string_view local_ip,
                                  std::string_view remote_ip, std::string_view endpoint,
                                  const std::function<bool(io::Compression)>& accepts) {
    switch (requested) {
    case WireCompression::None:
        return io::Compression::None;
    case WireCompression::Auto: {
        const bool same_machine =
            is_loopback_address(remote_ip) || (!remote_ip.empty() && remote_ip == local_ip);
        if (same_machine) {
            return io::Compression::None;
        }
        for (const auto codec : {io::Compression::Zstd, io::Compression::Gzip}) {
            if (accepts(codec)) {
                return codec;
            }
        }
        return io::Compression::None;
    }
    case WireCompression::Gzip:
    case WireCompression::Zstd: {
        const auto codec = requested == WireCompression::Gzip ? io::Compression::Gzip : io::Compression::Zstd;
        if (accepts(codec)) {
            return codec;
        }
        std::string taken;
        for (const auto other : {io::Compression::Zstd, io::Compression::Gzip}) {
            if (other != codec && accepts(other)) {
                taken = std::string(io::wire_name(other));
            }
        }
        throw Error(ErrorKind::Usage,
                    fmt::format("ClickHouse at {} does not take {}-compressed HTTP bodies (probed); use "
                                "--compression auto{}",
                                endpoint, io::wire_name(codec), taken.empty() ? " or none" : " or " + taken));
    }
    }
    return io::Compression::None;
}

} // namespace ferry::clickhouse
