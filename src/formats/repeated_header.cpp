#include "formats/repeated_header.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ferry::formats {

namespace {
std::string_view trim_blanks(std::string_view value) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!value.empty() && blank(value.front())) {
        value.remove_prefix(1);
    }
    while (!value.empty() && blank(value.back())) {
        value.remove_suffix(1);
    }
    return value;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
} // namespace

std::string RepeatedHeader::folded(std::string_view value) {
    std::string out(trim_blanks(value));
    for (char& c : out) {
        c = lower(c);
    }
    return out;
}

bool RepeatedHeader::same_name(std::string_view folded_name, std::string_view value) {
    value = trim_blanks(value);
    if (value.size() != folded_name.size()) {
        return false;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (lower(value[i]) != folded_name[i]) {
            return false;
        }
    }
    return true;
}

std::string RepeatedHeaders::describe() const {
    if (count == 0) {
        return {};
    }
    const std::string more = count > places.size() ? fmt::format(" and {} more", count - places.size()) : "";
    return fmt::format("{} repeated header row{} left out ({}{})", count, count == 1 ? "" : "s",
                       fmt::join(places, ", "), more);
}

} // namespace ferry::formats
