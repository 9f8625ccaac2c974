#pragma once
/// Rewrites one value from the way a file writes it to the text ClickHouse's parsers (and Ferry's insert
/// encoder) read, as the sniffer decided per column (type_detector.h): "31/12/2024" -> "2024-12-31",
/// "1.234,50" -> "1234.50", "yes" -> "1". Applied only when the target column is not a string type: a
/// String column keeps the file's bytes. A value not in the column's form passes through unchanged, so the
/// encoder reports it with its line, column and value.

#include <string>
#include <string_view>
#include <vector>

#include "formats/type_detector.h"

namespace ferry::formats {

class ValueNormalizer {
public:
    ValueNormalizer() = default;
    /// `target_type` is the ClickHouse type of the destination column ("Nullable(Date)", "String", ...).
    ValueNormalizer(ValueFormat format, std::string_view target_type);

    /// True when apply() may change values.
    bool active() const { return format_ != ValueFormat::AsIs; }
    /// The converted value: `text` itself, or a view of `scratch`.
    std::string_view apply(std::string_view text, std::string& scratch) const;

private:
    ValueFormat format_ = ValueFormat::AsIs;
};

/// The normalizer for file column `index` given the sniffed `formats` (as-is past their end) and the
/// target column's type.
ValueNormalizer normalizer_for(const std::vector<ValueFormat>& formats, std::size_t index, std::string_view target_type);

/// False for String, FixedString, Enum and UUID (under Nullable/LowCardinality): types that take text as is.
bool converts_values(std::string_view target_type);

} // namespace ferry::formats
