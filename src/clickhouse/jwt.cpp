#include "clickhouse/jwt.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <ctime>

#include "common/error.h"

namespace ferry::clickhouse {

namespace {

[[noreturn]] void malformed(std::string_view why) {
    throw Error(ErrorKind::Auth, fmt::format("malformed JWT: {}", why));
}

std::string base64url_decode(std::string_view text, std::string_view part) {
    static const auto table = [] {
        std::array<int, 256> t{};
        t.fill(-1);
        const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (std::size_t i = 0; i < alphabet.size(); ++i) {
            t[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
        }
        // Plain base64 as well: some issuers get it wrong, and decoding it does no harm.
        t['+'] = 62;
        t['/'] = 63;
        return t;
    }();
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        const int value = table[static_cast<unsigned char>(c)];
        if (value < 0) {
            malformed(fmt::format("the {} is not base64url", part));
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    return out;
}

boost::json::object parse_part(std::string_view text, std::string_view part) {
    boost::json::error_code ec;
    auto value = boost::json::parse(base64url_decode(text, part), ec);
    if (ec || !value.is_object()) {
        malformed(fmt::format("the {} is not a JSON object", part));
    }
    return std::move(value.as_object());
}

std::optional<std::int64_t> number_claim(const boost::json::object& claims, std::string_view name) {
    const auto* value = claims.if_contains(name);
    if (!value) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    if (value->is_uint64()) {
        return static_cast<std::int64_t>(value->as_uint64());
    }
    if (value->is_double()) {
        return static_cast<std::int64_t>(value->as_double());
    }
    malformed(fmt::format("claim '{}' is not a number", name));
}

std::string string_claim(const boost::json::object& claims, std::string_view name) {
    const auto* value = claims.if_contains(name);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string ago(std::int64_t seconds) {
    if (seconds < 120) {
        return fmt::format("{} seconds ago", seconds);
    }
    if (seconds < 7200) {
        return fmt::format("{} minutes ago", seconds / 60);
    }
    if (seconds < 172800) {
        return fmt::format("{} hours ago", seconds / 3600);
    }
    return fmt::format("{} days ago", seconds / 86400);
}

} // namespace

std::string format_utc(std::int64_t seconds_since_epoch) {
    const std::time_t time = static_cast<std::time_t>(seconds_since_epoch);
    std::tm tm{};
    gmtime_r(&time, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buffer;
}

JwtClaims decode_jwt(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        malformed("expected three dot-separated parts (header.payload.signature)");
    }
    const auto header = parse_part(token.substr(0, first), "header");
    if (!header.contains("alg")) {
        malformed("the header has no 'alg'");
    }
    const auto claims = parse_part(token.substr(first + 1, second - first - 1), "payload");
    JwtClaims result;
    result.subject = string_claim(claims, "sub");
    result.issuer = string_claim(claims, "iss");
    result.expires = number_claim(claims, "exp");
    result.issued = number_claim(claims, "iat");
    return result;
}

JwtClaims check_jwt(std::string_view token, std::chrono::system_clock::time_point now) {
    auto claims = decode_jwt(token);
    const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (claims.expires && *claims.expires <= now_seconds) {
        throw Error(
            ErrorKind::Auth,
            fmt::format("the JWT{} expired at {} ({}); get a new token",
                        claims.subject.empty() ? "" : " for '" + printable_value(claims.subject) + "'",
                        format_utc(*claims.expires), ago(now_seconds - *claims.expires)));
    }
    return claims;
}

} // namespace ferry::clickhouse
