#pragma once
/// SQL text building. Identifiers and literals are always quoted and escaped, never spliced.

#include <string>
#include <string_view>

namespace ferry::clickhouse {

/// `name` -> "`name`" with backslashes and backticks escaped (`a`b` -> "`a\`b`").
std::string quote_identifier(std::string_view name);
/// `text` -> "'text'" with backslashes and single quotes escaped; control bytes as \n, \t, \0, \xNN.
std::string quote_string(std::string_view text);

} // namespace ferry::clickhouse
