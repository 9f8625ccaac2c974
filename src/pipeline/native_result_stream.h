#pragma once
/// Reads a streamed `FORMAT Native` answer planned by clickhouse/native_select.h and hands out its rows as
/// the TabSeparated result stream does (result_stream.h): every field the text the server's TabSeparated
/// answer would have carried, unescaped, NULL as is_null. So the CSV writer behind it writes the same bytes
/// whichever answer the export read. One block in memory at a time.

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "clickhouse/native_block_reader.h"
#include "clickhouse/native_edge_text.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text.h"
#include "formats/tsv.h"
#include "pipeline/result_stream.h"

namespace ferry::pipeline {

class NativeResultStream {
public:
    /// `ask` runs the small queries for the server's text of values at the end of the Date/DateTime range
    /// (native_edge_text.h), on a connection other than the one this answer streams on.
    NativeResultStream(const clickhouse::NativeSelect& plan, ResultStream::RowCallback on_row,
                       clickhouse::NativeEdgeText::Ask ask);

    void feed(std::string_view chunk) { reader_.feed(chunk); }
    /// Throws the server's error when the answer ended in one, Error(Connection) when it was cut.
    void finish() { reader_.finish(); }
    std::uint64_t rows() const { return reader_.rows(); }

private:
    void on_block(const clickhouse::NativeBlock& block);

    const clickhouse::NativeSelect& plan_;
    ResultStream::RowCallback on_row_;
    clickhouse::NativeBlockReader reader_;
    std::vector<std::unique_ptr<clickhouse::NativeColumnText>> formatters_;
    std::vector<std::string> formatter_types_; ///< the block type each formatter was made for
    std::vector<std::unique_ptr<clickhouse::NativeEdgeText>> edges_; ///< per column, where the plan says
    std::vector<std::vector<clickhouse::NativeText>> texts_;
    std::vector<formats::TsvField> row_;
};

} // namespace ferry::pipeline
