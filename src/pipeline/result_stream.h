#pragma once
/// Reads a streamed `TabSeparatedWithNamesAndTypes` result: the names, then the types (used to know which
/// columns ClickHouse writes in their quoted literal form rather than TSV-escaped), then the rows.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "formats/tsv.h"

namespace ferry::pipeline {

class ResultStream {
public:
    using HeaderCallback = std::function<void(const std::vector<std::string>& names)>;
    using RowCallback = std::function<void(std::span<const formats::TsvField>)>;

    ResultStream(HeaderCallback on_header, RowCallback on_row);

    void feed(std::string_view chunk) { parser_.feed(chunk); }
    /// Throws Error(Query) when the response ended before its header.
    void finish();
    std::size_t width() const { return names_.size(); }
    /// The columns' ClickHouse types, once the header has arrived.
    const std::vector<std::string>& types() const { return types_; }

    /// FORMAT clause to append to the query.
    static constexpr const char* kFormat = " FORMAT TabSeparatedWithNamesAndTypes";

private:
    void on_row(std::span<const formats::TsvField> row);

    HeaderCallback on_header_;
    RowCallback on_row_;
    std::vector<std::string> names_;
    std::vector<std::string> types_;
    int header_rows_seen_ = 0;
    formats::TsvStreamParser parser_;
};

/// Array, Tuple, Map and Nested (also inside Nullable/LowCardinality) are written as quoted literals.
bool is_composite_type(std::string_view type);

} // namespace ferry::pipeline
