#include "pipeline/result_stream.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

bool is_composite_type(std::string_view type) {
    for (std::string_view wrapper : {"Nullable(", "LowCardinality("}) {
        while (type.starts_with(wrapper)) {
            type.remove_prefix(wrapper.size());
        }
    }
    return type.starts_with("Array(") || type.starts_with("Tuple(") || type.starts_with("Map(") ||
           type.starts_with("Nested(");
}

ResultStream::ResultStream(HeaderCallback on_header, RowCallback on_row)
    : on_header_(std::move(on_header)), on_row_(std::move(on_row)),
      parser_([this](std::span<const formats::TsvField> row) { this->on_row(row); }) {}

void ResultStream::on_row(std::span<const formats::TsvField> row) {
    if (header_rows_seen_ == 0) {
        ++header_rows_seen_;
        for (const auto& field : row) {
            names_.emplace_back(field.value);
        }
        return;
    }
    if (header_rows_seen_ == 1) {
        ++header_rows_seen_;
        std::vector<bool> raw;
        std::vector<bool> ambiguous;
        for (const auto& field : row) {
            raw.push_back(is_composite_type(field.value));
            ambiguous.push_back(field.value.starts_with("Variant(") || field.value == "Dynamic" ||
                                field.value.starts_with("Dynamic("));
        }
        parser_.set_raw_columns(std::move(raw));
        parser_.set_ambiguous_columns(std::move(ambiguous));
        on_header_(names_);
        return;
    }
    if (row.size() != names_.size()) {
        // A 200 response can still end in an exception when the query fails after streaming began;
        // ClickHouse then appends its error text where the next row would be.
        std::string text;
        for (const auto& field : row) {
            text += field.value;
        }
        if (text.starts_with("Code: ")) {
            throw Error(ErrorKind::Query,
                        "ClickHouse failed while sending the result: " + printable_value(text, 500));
        }
        throw Error(ErrorKind::Data, fmt::format("ClickHouse sent a row with {} fields, expected {}: '{}'",
                                                 row.size(), names_.size(), printable_value(text)));
    }
    on_row_(row);
}

void ResultStream::finish() {
    parser_.finish();
    if (header_rows_seen_ < 2) {
        throw Error(ErrorKind::Query,
                    "ClickHouse returned an incomplete response (no column names and types)");
    }
}

} // namespace ferry::pipeline
