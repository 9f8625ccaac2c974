#pragma once
/// The Native insert encoder: the same ScalarCodecs (values, checks and messages) as RowBinary, but the rows
/// of a batch are kept per column and sent as one Native block:
///     varuint columns | varuint rows | per column: string name | string type | column data
/// where a Nullable column is its null map (one byte per row) followed by the nested column (the type's
/// default in NULL rows), String is varuint length + bytes, and fixed-width types are their little-endian
/// bytes, as in RowBinary. (HTTP Native has no block-info header: the server reads it at revision 0.)
///
/// Why: ClickHouse parses Native column by column instead of value by value; on the benchmark's 2M-row
/// insert that is ~30% less server CPU (5.6-6.5 s -> 4.0-4.7 s on 18.16), and the server's one insert
/// thread is what bounds an import on a fast link. Block boundaries do not change what is stored: the server
/// still squashes insert blocks to min_insert_block_size_rows/bytes (1,048,576 rows / 256 MiB by
/// default) before it writes parts or pushes to materialized views, exactly as it cuts RowBinary.
///
/// Chosen by make_native_insert_encoder() only when every column is a scalar (composites have offsets
/// columns): other tables keep the RowBinary / TabSeparated encoders. LowCardinality has a dictionary
/// serialization of its own in Native, which Ferry does not write: a LowCardinality column goes as its
/// plain type's column, on servers that convert it (native_insert_probe.h; not 18.16), else the table
/// keeps RowBinary.

#include <cstdint>
#include <string>
#include <vector>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/scalar_codec.h"

namespace ferry::clickhouse {

class NativeInsertEncoder : public InsertEncoder {
public:
    struct Column {
        std::string name;
        std::string type; ///< as the server spells it
        ScalarCodec codec;
    };

    explicit NativeInsertEncoder(std::vector<Column> columns);

    std::string_view format() const override { return "Native"; }
    /// Appends to the column's own buffers; `out` is untouched until end_block().
    void value(std::size_t index, std::string_view text, bool is_null, std::string& out) override;
    void end_row(std::string& out) override;
    void cancel_row() override;
    std::size_t pending_bytes() const override { return pending_bytes_; }
    void end_block(std::string& out) override;

private:
    struct Buffer {
        std::string header; ///< name and type, as the block writes them
        std::string null_map;
        std::string data;
        std::size_t null_map_committed = 0; ///< sizes after the last whole row
        std::size_t data_committed = 0;
    };

    std::vector<ScalarCodec> codecs_;
    std::vector<Buffer> buffers_;
    std::uint64_t rows_ = 0;
    std::size_t pending_bytes_ = 0; ///< of whole rows
};

/// Appends `value` as ClickHouse's VarUInt (LEB128).
void append_varuint(std::uint64_t value, std::string& out);

} // namespace ferry::clickhouse
