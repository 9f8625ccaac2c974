#pragma once
/// Random secrets and their hashes (OpenSSL). The server keeps only hashes of the secrets it hands out
/// (the sign-in token, session ids), so that a memory or core dump does not give them away, and compares
/// them in constant time.

#include <cstddef>
#include <string>
#include <string_view>

namespace ferry::server::auth {

/// `bytes` random bytes from OpenSSL's CSPRNG, as lower-case hex (2 characters a byte).
std::string random_hex(std::size_t bytes);
/// SHA-256 of `text`, as lower-case hex.
std::string sha256_hex(std::string_view text);
/// Equal without an early exit that would tell, by timing, how much of a guess was right.
bool equal_in_constant_time(std::string_view a, std::string_view b);

} // namespace ferry::server::auth
