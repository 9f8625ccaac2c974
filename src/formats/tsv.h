#pragma once
/// ClickHouse's escaped TabSeparated text: backslash escapes (\t \n \\ \0 \r \b \f \' and \N for NULL).

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::formats {

/// Appends `value` escaped for TabSeparated to `out`: backslash, TAB, LF, CR, NUL, BS and FF become \\ \t
/// \n \r \0 \b \f; every other byte (quotes and UTF-8 included) is copied as is, which ClickHouse reads
/// back unchanged.
void escape_tsv(std::string_view value, std::string& out);
/// Appends the unescaped form of a TabSeparated field to `out`, as ClickHouse's readEscapedString does:
/// \a \b \e \f \n \r \t \v \0 are control bytes; \\ \' \" \` \/ \= the character itself; \xHH a
/// byte; \N inside a field nothing. An unknown escape keeps its backslash ("\%" stays "\%"), except that a
/// backslash before a control byte (e.g. a literal TAB or LF) yields just that byte. A lone backslash at the
/// end, or \x without two hex digits, is kept literally. (Whole-field \N is NULL: see TsvStreamParser.)
void unescape_tsv(std::string_view field, std::string& out);

/// One field of a TabSeparated row handed out by TsvStreamParser.
struct TsvField {
    std::string_view value; ///< already unescaped
    bool is_null = false;   ///< the field was \N
};

/// Push parser for a streamed TabSeparated(WithNames) response: feed it chunks as they arrive; it calls
/// `on_row` for every complete row (fields valid only during the call) and keeps a partial row across
/// chunk boundaries. Memory is bounded by the longest row. Fields without escapes are views into the chunk;
/// only a row cut by a chunk boundary is copied.
class TsvStreamParser {
public:
    using RowCallback = std::function<void(std::span<const TsvField>)>;
    explicit TsvStreamParser(RowCallback on_row);
    /// Marks columns whose text ClickHouse writes without TSV escaping (Array, Tuple, Map: their quoted
    /// literal form already escapes tabs and newlines). Their fields are handed out as they are.
    void set_raw_columns(std::vector<bool> raw) { raw_columns_ = std::move(raw); }
    /// Marks columns whose text ClickHouse writes raw or escaped depending on the value (Variant, Dynamic:
    /// an Array/Map/Tuple value as its raw literal, any other value escaped). Such a field is unescaped when
    /// it has a backslash outside single-quoted strings: a raw literal never has one, and the escaped text
    /// of a value whose escapes matter always has one before its first quote (every quote in it is \').
    /// Without one, both readings are the same bytes. Implies raw scanning of the field's bytes.
    void set_ambiguous_columns(std::vector<bool> ambiguous) { ambiguous_columns_ = std::move(ambiguous); }
    void feed(std::string_view chunk);
    /// Call at end of stream; a final row without a trailing LF is delivered.
    void finish();
    std::uint64_t rows() const { return rows_; }

private:
    /// Parses the complete rows in [p, end) and returns where the unfinished last row starts (`end` if
    /// none). With `at_end` (end of stream) an unfinished last row is delivered as well.
    const char* parse_rows(const char* p, const char* end, bool at_end);
    /// Sets field `index` of the current row from [begin, end), which holds escapes: NULL for \N, else the
    /// unescaped text (in scratch_).
    void set_escaped_field(std::size_t index, const char* begin, const char* end);
    void deliver_row(std::size_t width);
    bool is_raw(std::size_t column) const {
        return (column < raw_columns_.size() && raw_columns_[column]) ||
               (column < ambiguous_columns_.size() && ambiguous_columns_[column]);
    }

    RowCallback on_row_;
    std::string partial_;         ///< an unfinished row carried over from the previous chunk
    bool escape_pending_ = false; ///< `partial_` ends in a backslash whose escaped byte is still to come
    std::string scratch_;         ///< unescaped fields of the current row
    /// As wide as the widest row so far: a row's fields are assigned in place and the used prefix is
    /// handed out, so steady-state parsing neither allocates nor grows a vector per field.
    std::vector<TsvField> fields_;
    /// Fields of the current row that were unescaped into scratch_; their views are set once scratch_ stops
    /// growing.
    struct Unescaped {
        std::size_t field;
        std::size_t offset;
        std::size_t length;
    };
    std::vector<Unescaped> unescaped_;
    std::uint64_t rows_ = 0;
    std::vector<bool> raw_columns_;
    std::vector<bool> ambiguous_columns_;
};

} // namespace ferry::formats
