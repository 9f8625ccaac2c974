#include "formats/bad_row.h"

#include <fmt/format.h>

namespace ferry::formats {

BadRow bad_row_of(const Error& error) {
    BadRow row{error.context().line.value_or(0), error.what()};
    const auto prefix = fmt::format("line {}: ", row.line);
    if (row.reason.starts_with(prefix)) {
        row.reason.erase(0, prefix.size());
    }
    return row;
}

} // namespace ferry::formats

namespace ferry::formats {

BadRow bad_row_of(const BadRecord& record) {
    return BadRow{record.line, std::string(record.reason)};
}

} // namespace ferry::formats
