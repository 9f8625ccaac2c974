#include "pipeline/partition_expression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

namespace {

constexpr std::size_t kMaxLength = 1000;

/// Keywords that would end an expression inside `SELECT (expr) ...` and begin another clause.
constexpr std::array kClauseKeywords = {"FROM",   "WHERE",     "PREWHERE", "GROUP",   "ORDER",  "LIMIT",
                                        "OFFSET", "HAVING",    "UNION",    "EXCEPT",  "INTERSECT",
                                        "SETTINGS", "FORMAT",  "INTO",     "JOIN",    "WITH",   "AS",
                                        "WINDOW", "QUALIFY",   "ARRAY",    "SAMPLE",  "FINAL"};

[[noreturn]] void refuse(std::string_view expression, std::size_t at, std::string_view why) {
    throw Error(ErrorKind::Usage,
                fmt::format("--partition-by must be one ClickHouse expression over the exported columns, e.g. "
                            "toYYYYMM(day); {} at position {} of '{}'",
                            why, at + 1, printable_value(expression, 200)));
}

std::string upper(std::string_view word) {
    std::string out(word);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

/// Index just past the quoted token starting at `at` (quote char `q`; backslash escapes and doubled quotes).
std::size_t skip_quoted(std::string_view text, std::size_t at) {
    const char q = text[at];
    std::size_t i = at + 1;
    while (i < text.size()) {
        if (text[i] == '\\') {
            i += 2;
            continue;
        }
        if (text[i] == q) {
            if (i + 1 < text.size() && text[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    refuse(text, at, "a quote is not closed");
}

} // namespace

std::string contained_partition_expression(std::string_view expression) {
    if (expression.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        refuse(expression, 0, "it is empty");
    }
    if (expression.size() > kMaxLength) {
        refuse(expression, kMaxLength, fmt::format("it is longer than {} bytes", kMaxLength));
    }
    std::vector<char> open; // closing brackets expected, innermost last
    std::size_t i = 0;
    while (i < expression.size()) {
        const char c = expression[i];
        if (c == '\'' || c == '"' || c == '`') {
            i = skip_quoted(expression, i);
            continue;
        }
        if (c == '\0') {
            refuse(expression, i, "a NUL byte is not allowed");
        }
        if (c == ';') {
            refuse(expression, i, "';' is not allowed");
        }
        if (c == '#' || (c == '-' && i + 1 < expression.size() && expression[i + 1] == '-') ||
            (c == '/' && i + 1 < expression.size() && expression[i + 1] == '*')) {
            refuse(expression, i, "comments are not allowed");
        }
        if (c == '(' || c == '[' || c == '{') {
            open.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
        } else if (c == ')' || c == ']' || c == '}') {
            if (open.empty() || open.back() != c) {
                refuse(expression, i, fmt::format("'{}' does not close an open bracket", c));
            }
            open.pop_back();
        } else if (c == ',' && open.empty()) {
            refuse(expression, i, "a comma outside brackets is not allowed (one expression only)");
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t end = i;
            while (end < expression.size() &&
                   (std::isalnum(static_cast<unsigned char>(expression[end])) || expression[end] == '_')) {
                ++end;
            }
            const auto word = upper(expression.substr(i, end - i));
            if (word == "SELECT") {
                refuse(expression, i, "subqueries (SELECT) are not allowed");
            }
            if (open.empty() && std::find(kClauseKeywords.begin(), kClauseKeywords.end(), word) !=
                                    kClauseKeywords.end()) {
                refuse(expression, i, fmt::format("'{}' outside brackets is not allowed", word));
            }
            i = end;
            continue;
        }
        ++i;
    }
    if (!open.empty()) {
        refuse(expression, expression.size() - 1, "a bracket is not closed");
    }
    return "(" + std::string(expression) + ")";
}

} // namespace ferry::pipeline
