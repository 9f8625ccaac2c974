#include "formats/repeated_header.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ferry::formats {

std::string RepeatedHeaders::describe() const {
    if (count == 0) {
        return {};
    }
    const std::string more = count > places.size() ? fmt::format(" and {} more", count - places.size()) : "";
    return fmt::format("{} repeated header row{} left out ({}{})", count, count == 1 ? "" : "s",
                       fmt::join(places, ", "), more);
}

} // namespace ferry::formats
