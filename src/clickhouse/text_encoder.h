#pragma once
/// The TabSeparated insert encoder, for inserts where some column has no exact binary encoding in Ferry
/// (IPv4/IPv6, unknown types, Array/Map/Tuple of those), a DateTime in a zone whose rules Ferry cannot read
/// exactly, or a DateTime64 whose zone is not UTC. Scalar columns are still validated by Ferry and sent in a
/// canonical text form; the others are sent as given: Array, Map and Tuple values are literals the server
/// reads without TabSeparated unescaping (`['a\tb']`), so only their raw control bytes are rewritten (an
/// empty Array or Map value is sent as `[]` or `{}`, as RowBinary does); values of other types are escaped.

#include <optional>
#include <string>
#include <vector>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/scalar_codec.h"
#include "clickhouse/type.h"

namespace ferry::clickhouse {

class TextEncoder : public InsertEncoder {
public:
    /// `names` and `types` are the target columns in insert order.
    TextEncoder(const std::vector<std::string>& names, const std::vector<Type>& types);

    std::string_view format() const override { return "TabSeparated"; }
    void value(std::size_t index, std::string_view text, bool is_null, std::string& out) override;
    void end_row(std::string& out) override { out += '\n'; }

    /// The TabSeparated text of the value the server stores for a missing value of `type` (0, '', [],
    /// 1970-01-01...), or nullopt when Ferry knows none (AggregateFunction, unknown families).
    static std::optional<std::string> default_literal(const Type& type);
    /// Appends an Array/Map/Tuple literal: raw tab, LF, CR and NUL become escapes inside quoted strings and
    /// spaces outside them; everything else is copied.
    static void append_literal(std::string_view text, std::string& out);

private:
    struct Column {
        std::string name;
        std::string type;
        std::optional<ScalarCodec> codec; ///< scalar types: validated and written canonically
        bool nullable = false;
        bool literal = false;                    ///< Array, Map, Tuple, Nested: see append_literal()
        bool read_twice = false;                 ///< Variant, Dynamic: see check_read_twice()
        bool empty_is_default = false;           ///< Array, Map, Nested: an empty value is an empty one
        std::optional<std::string> default_text; ///< for other types when the value is missing
    };
    /// Refuses a Variant/Dynamic value the server would not read back exactly from TabSeparated: one with
    /// a tab or line break, or a backslash outside an Array/Map/Tuple literal (the server unescapes such
    /// fields twice). Error(Data) naming the column and the value.
    static void check_read_twice(const Column& column, std::string_view text);

    std::vector<Column> columns_;
};

} // namespace ferry::clickhouse
