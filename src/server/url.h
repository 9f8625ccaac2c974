#pragma once
/// Percent-decoding of URL paths and query strings.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::server {

/// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in query strings). Throws
/// HttpError(400) on a malformed escape or an encoded NUL byte.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

/// Splits "a=1&b=x%20y" into decoded pairs, in order.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

/// Encodes everything except unreserved characters (RFC 3986), for a header's filename* or a URL segment.
std::string percent_encode(std::string_view text);

} // namespace ferry::server
