#include "clickhouse/native_edge_text.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "clickhouse/native_select.h"
#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::clickhouse {

NativeEdgeText::NativeEdgeText(std::string type, Ask ask)
    : type_(std::move(type)), date_(type_ == "Date"), edge_(date_ ? kDateEdgeDay : kDateTimeEdge),
      low_edge_(date_ ? 0 : kDateTimeLowEdge), ask_(std::move(ask)) {}

std::uint32_t NativeEdgeText::value(const NativeColumn& column, std::size_t row) const {
    if (date_) {
        std::uint16_t days = 0;
        std::memcpy(&days, column.value(row), sizeof days);
        return days;
    }
    std::uint32_t seconds = 0;
    std::memcpy(&seconds, column.value(row), sizeof seconds);
    return seconds;
}

std::string NativeEdgeText::sql(const std::string& type, const std::vector<std::uint32_t>& values) {
    // CAST to the column's own type (its zone included) gives the very text its TabSeparated answer has.
    return fmt::format("SELECT v, toString(CAST(v, {})) FROM (SELECT arrayJoin([{}]) AS v) FORMAT TabSeparated",
                       quote_string(type), fmt::join(values, ", "));
}

void NativeEdgeText::apply(const NativeColumn& column, std::size_t rows, std::vector<NativeText>& texts) {
    // One pass over the block finds the rows at an edge (almost always none); only those are looked at again.
    edge_rows_.clear();
    missing_.clear();
    for (std::size_t row = 0; row < rows; ++row) {
        if (column.null_map != nullptr && column.null_map[row] != 0) {
            continue;
        }
        const std::uint32_t v = value(column, row);
        if (v >= edge_ || v < low_edge_) {
            edge_rows_.push_back(row);
            if (!texts_.contains(v)) {
                missing_.push_back(v);
            }
        }
    }
    if (!missing_.empty()) {
        std::sort(missing_.begin(), missing_.end());
        missing_.erase(std::unique(missing_.begin(), missing_.end()), missing_.end());
        for (const auto& row : parse_tsv(ask_(sql(type_, missing_)))) {
            std::uint32_t asked = 0;
            if (row.size() == 2 && row[0] && row[1] &&
                std::from_chars(row[0]->data(), row[0]->data() + row[0]->size(), asked).ec == std::errc{}) {
                texts_[asked] = *row[1];
            }
        }
    }
    for (const std::size_t row : edge_rows_) {
        const auto found = texts_.find(value(column, row));
        if (found == texts_.end()) {
            throw Error(ErrorKind::Connection,
                        fmt::format("ClickHouse did not give the text of {} value {}", type_, value(column, row)));
        }
        texts[row].text = found->second;
    }
}

} // namespace ferry::clickhouse
