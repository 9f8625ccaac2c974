#include "clickhouse/server_error.h"

#include <cctype>

namespace ferry::clickhouse {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

bool consume(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

/// "Code: 60" -> 60, leaving the text after the digits; nullopt when the text does not start so.
std::optional<int> consume_code(std::string_view& text) {
    std::string_view rest = text;
    if (!consume(rest, "Code: ")) {
        return std::nullopt;
    }
    int code = 0;
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 9 && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
        code = code * 10 + (rest[digits] - '0');
        ++digits;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    text = rest.substr(digits);
    return code;
}

/// Drops a leading exception class ("DB::Exception: ", "Poco::Exception. ") if there is one.
void drop_exception_class(std::string_view& text) {
    std::size_t i = 0;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                               (text[i] == ':' && i + 1 < text.size() && text[i + 1] == ':'))) {
        i += text[i] == ':' ? 2 : 1;
    }
    if (text.substr(0, i).ends_with("Exception") && i + 1 < text.size() &&
        (text[i] == ':' || text[i] == '.') && text[i + 1] == ' ') {
        text.remove_prefix(i + 2);
    }
}

/// Drops a trailing " (NAME)" of upper-case letters and underscores, as in " (UNKNOWN_TABLE)".
void drop_code_name(std::string_view& text) {
    if (!text.ends_with(")")) {
        return;
    }
    const std::size_t open = text.rfind(" (");
    if (open == std::string_view::npos) {
        return;
    }
    const std::string_view name = text.substr(open + 2, text.size() - open - 3);
    if (name.empty()) {
        return;
    }
    for (const char c : name) {
        if (!std::isupper(static_cast<unsigned char>(c)) && c != '_' &&
            !std::isdigit(static_cast<unsigned char>(c))) {
            return;
        }
    }
    text = text.substr(0, open);
}

} // namespace

ServerError parse_server_error(std::string_view body) {
    std::string_view text = trim(body);
    ServerError error;
    const auto code = consume_code(text);
    if (!code) {
        error.message = std::string(text);
        return error;
    }
    error.code = *code;
    if (!consume(text, ", ")) {
        consume(text, ". ");
    }
    consume(text, "e.displayText() = ");
    drop_exception_class(text);
    if (const auto stack = text.find("Stack trace"); stack != std::string_view::npos) {
        text = text.substr(0, stack);
    }
    if (const auto what = text.rfind(", e.what() = "); what != std::string_view::npos) {
        text = text.substr(0, what);
    }
    text = trim(text);
    if (const auto version = text.rfind(" (version ");
        version != std::string_view::npos && text.ends_with(")")) {
        text = text.substr(0, version);
    }
    drop_code_name(text);
    error.message = std::string(trim(text));
    return error;
}

std::optional<ServerError> find_trailing_exception(std::string_view tail) {
    tail = trim(tail);
    std::size_t start = tail.rfind("\nCode: ");
    start = start == std::string_view::npos ? (tail.starts_with("Code: ") ? 0 : start) : start + 1;
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view candidate = tail.substr(start);
    std::string_view rest = candidate;
    if (!consume_code(rest)) {
        return std::nullopt;
    }
    // 18.x-19.x: "Code: 395, e.displayText() = DB::Exception: ..."; 20.x+: "Code: 395. DB::Exception: ...".
    if (!rest.starts_with(", e.displayText() = ") && !rest.starts_with(". DB::")) {
        return std::nullopt;
    }
    if (candidate.find("Exception") == std::string_view::npos) {
        return std::nullopt;
    }
    return parse_server_error(candidate);
}

bool is_auth_error_code(int code) {
    return code == 192 || code == 193 || code == 194 || code == 516;
}

} // namespace ferry::clickhouse
