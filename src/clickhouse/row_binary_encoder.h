#pragma once
/// The RowBinary insert encoder: every column has a ScalarCodec or a CompositeCodec, values are parsed by
/// Ferry and sent as exact little-endian bytes. Chosen by make_insert_encoder() when every column allows it.

#include <variant>
#include <vector>

#include "clickhouse/composite_codec.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/scalar_codec.h"

namespace ferry::clickhouse {

class RowBinaryEncoder : public InsertEncoder {
public:
    /// A scalar column, or an Array/Tuple/Map/Nested one.
    using Column = std::variant<ScalarCodec, CompositeCodec>;

    explicit RowBinaryEncoder(std::vector<Column> columns) : columns_(std::move(columns)) {}

    std::string_view format() const override { return "RowBinary"; }
    void value(std::size_t index, std::string_view text, bool is_null, std::string& out) override {
        Column& column = columns_[index];
        if (const auto* scalar = std::get_if<ScalarCodec>(&column)) {
            scalar->write_binary(text, is_null, out);
        } else {
            std::get<CompositeCodec>(column).write_binary(text, is_null, out);
        }
    }
    void end_row(std::string&) override {}

private:
    std::vector<Column> columns_;
};

} // namespace ferry::clickhouse
