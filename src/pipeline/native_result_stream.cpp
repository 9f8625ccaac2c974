#include "pipeline/native_result_stream.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

namespace {

/// The result's columns and their edge columns.
std::size_t answer_width(const clickhouse::NativeSelect& plan) {
    std::size_t width = plan.types.size();
    for (const int edge : plan.edge_column) {
        width += edge >= 0 ? 1 : 0;
    }
    return width;
}

} // namespace

NativeResultStream::NativeResultStream(const clickhouse::NativeSelect& plan, ResultStream::RowCallback on_row)
    : plan_(plan), on_row_(std::move(on_row)),
      reader_([this](const clickhouse::NativeBlock& block) { on_block(block); }),
      formatters_(answer_width(plan)), formatter_types_(answer_width(plan)), texts_(answer_width(plan)),
      row_(plan.types.size()) {}

void NativeResultStream::on_block(const clickhouse::NativeBlock& block) {
    const std::size_t width = plan_.types.size();
    if (block.columns.size() != formatters_.size()) {
        throw Error(ErrorKind::Connection,
                    fmt::format("ClickHouse sent a Native block of {} columns for a result of {}",
                                block.columns.size(), formatters_.size()));
    }
    for (std::size_t c = 0; c < formatters_.size(); ++c) {
        const auto& column = block.columns[c];
        if (!formatters_[c] || formatter_types_[c] != column.type) {
            formatters_[c] = clickhouse::make_native_text(
                column.type, c < width ? plan_.options[c] : clickhouse::NativeTextOptions{});
            formatter_types_[c] = column.type;
        }
        formatters_[c]->format(column, block.rows, texts_[c]);
    }
    for (std::size_t c = 0; c < width; ++c) {
        if (const int edge = plan_.edge_column[c]; edge >= 0) {
            for (std::size_t r = 0; r < block.rows; ++r) {
                if (!texts_[edge][r].text.empty()) {
                    texts_[c][r].text = texts_[edge][r].text;
                }
            }
        }
    }
    for (std::size_t r = 0; r < block.rows; ++r) {
        for (std::size_t c = 0; c < width; ++c) {
            const auto& text = texts_[c][r];
            row_[c] = formats::TsvField{text.text, text.is_null};
        }
        on_row_(row_);
    }
}

} // namespace ferry::pipeline
