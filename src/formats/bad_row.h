#pragma once
/// Records that could not be read. A BadRow is what previews and schema detection report instead of refusing
/// the whole file (its line and the reason); a BadRecord is what the reader hands to its bad-record handler
/// when it recovers (--on-error skip): also the record's bytes exactly as they are in the file.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ferry::formats {

struct BadRow {
    std::uint64_t line = 0; ///< 1-based line where the record starts
    std::string reason;     ///< e.g. "expected 3 fields, found 2"
};

/// A record the reader rejected and stepped over. The views are valid only during the handler's call.
struct BadRecord {
    std::uint64_t line = 0;  ///< 1-based line where the rejected bytes start
    std::string_view reason; ///< e.g. "stray \" in unquoted field 2 (...)", without "line N: "
    /// The rejected bytes without their line ending: one physical line, or a whole record that spans lines
    /// (a quoted field holding line breaks). Never decoded or altered: a quote is not collapsed.
    std::string_view raw;
};

/// How many bad rows a preview or sample reports at most.
constexpr std::size_t kMaxBadRows = 100;

/// A reader error (Error(Data) with a line) as a bad row: the reason without its "line N: " prefix.
BadRow bad_row_of(const Error& error);

/// A bad record as a preview lists it.
BadRow bad_row_of(const BadRecord& record);

} // namespace ferry::formats
