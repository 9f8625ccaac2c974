#pragma once
/// The server's own text for Date and DateTime values at the ends of their range (from kDateEdgeDay /
/// kDateTimeEdge on, and DateTime below kDateTimeLowEdge: native_select.h), on a server whose text there is
/// not Ferry's (18.16 writes them from a lookup table that ends in early 2106 and starts at local midnight
/// of 1970-01-01). Asked for only when an export meets such a value, in one small query per block for the
/// values not seen before, and kept for the rest of the export.
///
/// Before, every such export carried one more column per Date/DateTime, `if(col >= edge, toString(col),
/// '')`: 18.16 evaluates both branches of `if` for every row, which cost the server 0.3 s of CPU (+30%)
/// and 0.4 s of wall time on the 2M-row benchmark export, for values that almost never occur.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "clickhouse/native_block_reader.h"
#include "clickhouse/native_text.h"

namespace ferry::clickhouse {

class NativeEdgeText {
public:
    /// Runs a small query and returns its TabSeparated answer.
    using Ask = std::function<std::string(const std::string& sql)>;

    /// `type`: the column's Date or DateTime type, without Nullable/LowCardinality, as DESCRIBE gave it.
    NativeEdgeText(std::string type, Ask ask);

    /// Sets `texts[row]` to the server's text for every row of `column` at an edge (NULLs are not). The
    /// texts stay valid for this object's life.
    void apply(const NativeColumn& column, std::size_t rows, std::vector<NativeText>& texts);

    /// The query for the server's text of `values` (each row: the value, its text).
    static std::string sql(const std::string& type, const std::vector<std::uint32_t>& values);

private:
    std::uint32_t value(const NativeColumn& column, std::size_t row) const;

    std::string type_;
    bool date_;
    std::uint32_t edge_;     ///< values from here on are the server's to write
    std::uint32_t low_edge_; ///< and values below this one
    Ask ask_;
    std::unordered_map<std::uint32_t, std::string> texts_; ///< node-based: the texts never move
    std::vector<std::size_t> edge_rows_;   ///< apply()'s rows at an edge, reused from block to block
    std::vector<std::uint32_t> missing_;   ///< and their values not in texts_ yet
};

} // namespace ferry::clickhouse
