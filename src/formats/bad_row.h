#pragma once
/// A record that could not be read, as previews and schema detection report it instead of refusing the
/// whole file: its line and the reason.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace ferry::formats {

struct BadRow {
    std::uint64_t line = 0; ///< 1-based line where the record starts
    std::string reason;     ///< e.g. "expected 3 fields, found 2"
};

/// How many bad rows a preview or sample reports at most.
constexpr std::size_t kMaxBadRows = 100;

/// A reader error (Error(Data) with a line) as a bad row: the reason without its "line N: " prefix.
BadRow bad_row_of(const Error& error);

} // namespace ferry::formats
