#pragma once
/// One column of an Array, Tuple, Map or Nested type, of any depth, whose leaves are scalars Ferry encodes
/// (Array(String), Array(Array(Nullable(Int32))), Tuple(String, Date), Map(String, UInt64), Nested(a String,
/// b Int8)...). Reads the value's text literal as ClickHouse writes it in TabSeparated and writes its
/// RowBinary encoding:
///   [1,-2.5,inf]  ['a','b\'c','tab\there']  [[1,2],[]]  [NULL,'x']  ('a',1)  {'k':1,'j':2}  [('a',1)]
/// Strings, dates, times, UUIDs and enum names are quoted with backslash escapes (readQuotedString's: \b \f
/// \n \r \t \0 \a \v \e \' \" \\ \/ \` \= \xHH, \N for nothing, and '' for a quote); numbers, Decimal and
/// Bool are bare; NULL is bare (in any case) and allowed only for Nullable elements. Spaces may separate
/// tokens, never surround the value. Stricter than the server where it is loose or version-dependent: no
/// trailing comma ("[1,]"), no quoted numbers, no other escapes ("\%" reads differently across versions).
/// A missing value, or an empty one for an Array or Map, is the type's default (empty; a Tuple of defaults).
/// Leaves are read by ScalarCodec, with its rules and messages; steady-state encoding does not allocate.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/scalar_codec.h"
#include "clickhouse/type.h"

namespace ferry::clickhouse {

class CompositeCodec {
public:
    /// Prepares the codec of a leaf (e.g. gives a DateTime its zone's rules); false when it cannot be
    /// encoded in RowBinary.
    using LeafCheck = std::function<bool(ScalarCodec&)>;

    /// The codec for an Array, Tuple, Map or Nested `type`, or nullopt when `type` is none of those or has a
    /// leaf without a ScalarCodec (IPv4, Nothing, unknown families, Nullable(Array(...))...) or refused by
    /// `check`.
    static std::optional<CompositeCodec> make(std::string column, const Type& type, const LeafCheck& check);

    /// Appends the RowBinary encoding of the literal `text`. Throws Error(Data) naming the column, the value,
    /// the problem and its byte position: "column tags: '[1,2' is not a valid Array(Int32): expected ',' or
    /// ']' at position 4", or for a leaf "column tags: '[1,x]' is not a valid Array(Int32): 'x' is not a
    /// valid Int32 at position 3". After an error `out` may hold part of the value.
    void write_binary(std::string_view text, bool is_null, std::string& out);

private:
    enum class NodeKind : std::uint8_t { Leaf, Array, Tuple, Map };
    /// The type as a tree in nodes_ (the root first). Children are contiguous: nodes_[first..first+count).
    struct Node {
        NodeKind kind = NodeKind::Leaf;
        bool quoted = false;     ///< Leaf: written in quotes
        bool nullable = false;   ///< Leaf: may be NULL
        std::uint32_t first = 0; ///< Leaf: index in leaves_; else the first child
        std::uint32_t count = 0; ///< children (Array 1, Map 2: key and value, Tuple its elements)
    };

    CompositeCodec() = default;
    bool build(std::size_t index, const Type& type, const LeafCheck& check);
    bool build_tuple(std::size_t index, const std::vector<Type>& elements, const LeafCheck& check);

    void write_default(const Node& node, std::string& out) const;
    void write_node(const Node& node, std::string& out);
    void write_leaf(const Node& node, std::string& out);
    void write_sequence(const Node& node, char close, std::string& out);

    /// The whitespace ClickHouse skips between the tokens of a literal (skipWhitespaceIfAny): space and
    /// \t \n \v \f \r, which are 9..13.
    static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
    /// Whether `c` ends a bare token: a space, a bracket, a separator or a quote.
    static bool is_delimiter(char c);
    void skip_spaces() {
        while (pos_ < text_.size() && is_space(text_[pos_])) {
            ++pos_;
        }
    }
    bool consume(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c);
    /// The bare token at pos_ (up to a delimiter or space), possibly empty.
    std::string_view bare_token();
    /// The content of the quoted string at pos_, unescaped into scratch_ when it has escapes.
    std::string_view quoted_string();

    [[noreturn]] void fail(std::string_view problem, std::size_t position) const;

    std::string column_;
    std::string type_name_; ///< for messages, e.g. "Array(Int32)"
    std::vector<Node> nodes_;
    std::vector<ScalarCodec> leaves_;
    // Per value: the literal being read and the read position.
    std::string_view text_;
    std::size_t pos_ = 0;
    std::string scratch_; ///< an unescaped string, reused
};

} // namespace ferry::clickhouse
