#pragma once

#include <string>
#include <string_view>

namespace ferry {

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD, for places that must emit valid UTF-8
/// (JSON previews). Data itself is never altered this way: imports and exports stay byte-exact.
std::string to_valid_utf8(std::string_view text);

} // namespace ferry
