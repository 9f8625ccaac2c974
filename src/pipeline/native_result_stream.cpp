#include "pipeline/native_result_stream.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

NativeResultStream::NativeResultStream(const clickhouse::NativeSelect& plan, ResultStream::RowCallback on_row,
                                       clickhouse::NativeEdgeText::Ask ask)
    : plan_(plan), on_row_(std::move(on_row)),
      reader_([this](const clickhouse::NativeBlock& block) { on_block(block); }),
      formatters_(plan.types.size()), formatter_types_(plan.types.size()), edges_(plan.types.size()),
      texts_(plan.types.size()), row_(plan.types.size()) {
    for (std::size_t c = 0; c < plan.types.size(); ++c) {
        if (!plan.edge_type[c].empty()) {
            edges_[c] = std::make_unique<clickhouse::NativeEdgeText>(plan.edge_type[c], ask);
        }
    }
}

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
            formatters_[c] = clickhouse::make_native_text(column.type, plan_.options[c]);
            formatter_types_[c] = column.type;
        }
        formatters_[c]->format(column, block.rows, texts_[c]);
        if (edges_[c]) {
            edges_[c]->apply(column, block.rows, texts_[c]);
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
