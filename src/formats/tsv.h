#pragma once
/// ClickHouse's escaped TabSeparated text: backslash escapes (\t \n \\ \0 \r \b \f \' and \N for NULL).

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::formats {

/// Appends `value` escaped for TabSeparated to `out`.
void escape_tsv(std::string_view value, std::string& out);
/// Appends the unescaped form of a TabSeparated field to `out`.
void unescape_tsv(std::string_view field, std::string& out);

/// One field of a TabSeparated row handed out by TsvStreamParser.
struct TsvField {
    std::string_view value; ///< already unescaped
    bool is_null = false;   ///< the field was \N
};

/// Push parser for a streamed TabSeparated(WithNames) response: feed it chunks as they arrive; it calls
/// `on_row` for every complete row (fields valid only during the call) and keeps a partial row across
/// chunk boundaries. Memory is bounded by the longest row.
class TsvStreamParser {
public:
    using RowCallback = std::function<void(std::span<const TsvField>)>;
    explicit TsvStreamParser(RowCallback on_row);
    void feed(std::string_view chunk);
    /// Call at end of stream; a final row without a trailing LF is delivered.
    void finish();
    std::uint64_t rows() const { return rows_; }

private:
    void parse_row(std::string_view line);

    RowCallback on_row_;
    std::string partial_;
    std::string scratch_;
    std::vector<TsvField> fields_;
    std::vector<std::size_t> offsets_;
    std::uint64_t rows_ = 0;
};

} // namespace ferry::formats
