#pragma once
/// The RowBinary insert encoder: every column has a ScalarCodec, values are parsed by Ferry and sent as
/// exact little-endian bytes. Chosen by make_insert_encoder() when every column allows it.

#include <vector>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/scalar_codec.h"

namespace ferry::clickhouse {

class RowBinaryEncoder : public InsertEncoder {
public:
    explicit RowBinaryEncoder(std::vector<ScalarCodec> columns) : columns_(std::move(columns)) {}

    std::string_view format() const override { return "RowBinary"; }
    void value(std::size_t index, std::string_view text, bool is_null, std::string& out) override {
        columns_[index].write_binary(text, is_null, out);
    }
    void end_row(std::string&) override {}

private:
    std::vector<ScalarCodec> columns_;
};

} // namespace ferry::clickhouse
