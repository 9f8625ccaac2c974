#pragma once
/// Turns text values (as read from a flat file) into the bytes of an INSERT body. Ferry parses values
/// itself and sends an unambiguous format: RowBinary when every column has a binary encoding Ferry
/// implements exactly (integers, floats via std::from_chars, Decimal, String, FixedString, Date, DateTime
/// in UTC or in a zone whose rules Ferry reads from its TZif file (time_zone.h), DateTime64 in UTC, UUID,
/// Enum8/16 by name or number, LowCardinality and Nullable of those, and Array, Tuple, Map and Nested of
/// them, given as ClickHouse's text literals (composite_codec.h)), else escaped TabSeparated, which the
/// server parses. Either way Ferry validates every scalar value itself, with the same rules and messages,
/// and in TabSeparated sends a canonical form every server version reads alike. Values are taken strictly:
/// no surrounding whitespace, no digits lost (Decimal and DateTime64 fractions longer than the scale are
/// errors unless the extra digits are zeros).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/catalog.h"

namespace ferry::clickhouse {

class InsertEncoder {
public:
    virtual ~InsertEncoder() = default;
    /// "RowBinary" or "TabSeparated": goes after FORMAT in the INSERT.
    virtual std::string_view format() const = 0;
    /// Appends the encoding of one value of column `index` (in the order given to the factory) to `out`.
    /// `is_null` means the file had no value: NULL for a Nullable column, else the type's default (0, "",
    /// 1970-01-01...). Throws Error(Data) naming the column, the value and what was expected
    /// ("column amount: 'abc' is not a valid Int32"); the caller adds the line number. After an error `out`
    /// may hold part of the row: a caller that goes on cuts it back to where the row started.
    virtual void value(std::size_t index, std::string_view text, bool is_null, std::string& out) = 0;
    /// Appends the row terminator (nothing for RowBinary, LF for TabSeparated).
    virtual void end_row(std::string& out) = 0;

    /// Columnar encoders (Native) keep the rows of a block themselves and write nothing to `out` until
    /// end_block(); row encoders keep nothing, and these do nothing.
    /// Forgets the values of the row being encoded (after an error: the caller cuts `out` back likewise).
    virtual void cancel_row() {}
    /// Bytes of the rows held for the next block.
    virtual std::size_t pending_bytes() const { return 0; }
    /// Appends the rows held (if any) to `out` as one block, and forgets them.
    virtual void end_block(std::string& /*out*/) {}
};

/// `columns` are the target columns in insert order, with their server types. `server_timezone` is the
/// result of `SELECT timezone()`, the zone of DateTime columns without their own.
/// `force_text` picks TabSeparated whatever the types.
std::unique_ptr<InsertEncoder> make_insert_encoder(const std::vector<ColumnInfo>& columns,
                                                   const std::string& server_timezone,
                                                   bool force_text = false);

/// The Native encoder (native_insert_encoder.h) when every column is a scalar it encodes, else nullptr
/// (then make_insert_encoder() decides). Same values, checks and messages as RowBinary; the server parses
/// Native column by column, which costs it less CPU per row than RowBinary. LowCardinality columns of such
/// scalars are sent as their plain type only when `plain_into_low_cardinality` (the server converts them:
/// native_insert_probe.h); else they make it nullptr.
std::unique_ptr<InsertEncoder> make_native_insert_encoder(const std::vector<ColumnInfo>& columns,
                                                          const std::string& server_timezone,
                                                          bool plain_into_low_cardinality = false);

} // namespace ferry::clickhouse
