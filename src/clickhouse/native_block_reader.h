#pragma once
/// Reads ClickHouse's Native format as it streams in (the body of a `FORMAT Native` answer over HTTP):
/// a series of blocks, each
///     varuint columns | varuint rows | per column: string name | string type | the column's data
/// (strings are varuint length + bytes; HTTP answers carry no block info, that is for the TCP protocol).
/// Data of the column types an export asks for (native_select.h never asks for others):
///     fixed-width values (integers, floats, Date, DateTime, Enum, Decimal, UUID...): rows x width bytes
///     String: per row a string;  FixedString(N): rows x N bytes
///     Nullable(T): rows bytes of null map (1 = NULL), then T's data for every row (a default under NULL)
/// Push decoder: feed it chunks; it keeps partial values across chunk boundaries (resuming where it
/// stopped, never re-reading) and hands every complete block to the callback. Memory is one block.
///
/// A server that fails after it started the answer appends its exception text ("Code: 395, ...") where
/// the next block would start. That text is kept and finish() throws it as the server's error.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::clickhouse {

/// One column of a decoded block. Its bytes are views into the reader's buffer, valid during the callback.
struct NativeColumn {
    std::string name;
    std::string type;                 ///< as the block names it, e.g. "Nullable(DateTime('UTC'))"
    std::string value_type;           ///< `type` without Nullable
    const unsigned char* null_map = nullptr; ///< rows bytes for Nullable columns, else null
    std::size_t width = 0;            ///< bytes per value; 0 for String
    const char* data = nullptr;       ///< rows x width bytes (fixed-width columns)
    /// String columns: offset (from `base`) and length of each value.
    std::vector<std::pair<std::size_t, std::size_t>> strings;
    const char* base = nullptr;

    std::string_view string(std::size_t row) const {
        return {base + strings[row].first, strings[row].second};
    }
    const char* value(std::size_t row) const { return data + row * width; }
};

struct NativeBlock {
    std::size_t rows = 0;
    std::vector<NativeColumn> columns;
};

class NativeBlockReader {
public:
    using BlockCallback = std::function<void(const NativeBlock&)>;

    explicit NativeBlockReader(BlockCallback on_block);

    /// Decodes what `bytes` completes. Throws Error(Connection) for data that cannot be a block.
    void feed(std::string_view bytes);
    /// End of the answer: throws Error(Query) with the server's message when the answer ended in an
    /// exception, Error(Connection) when it ended inside a block.
    void finish();
    std::uint64_t blocks() const { return blocks_; }
    std::uint64_t rows() const { return rows_; }

    /// Bytes per value of a fixed-width type (after Nullable); 0 for String; throws Error(Connection) for
    /// a type this reader does not decode.
    static std::size_t value_width(std::string_view value_type);

    /// Limits that keep a corrupt size from making Ferry wait for (and buffer) gigabytes.
    static constexpr std::uint64_t kMaxColumns = 1u << 16;
    static constexpr std::uint64_t kMaxRows = 1u << 24;
    static constexpr std::uint64_t kMaxBlockBytes = std::uint64_t{256} << 20;
    static constexpr std::uint64_t kMaxNameBytes = 1u << 20;
    static constexpr std::size_t kMaxErrorText = 64u << 10;

private:
    enum class Stage { Columns, Rows, Name, Type, NullMap, Values, Tail };

    /// Advances as far as the buffered bytes allow; returns when more are needed.
    void parse();
    bool read_varuint(std::uint64_t& value);
    bool read_string(std::string& out);
    enum class Start { Block, Exception, Unknown };
    /// What the bytes at a block boundary start: a block, the server's exception, or too few to tell.
    Start start_at_block_boundary() const;
    void begin_values();
    void end_column();
    void deliver();
    [[noreturn]] void corrupt(const std::string& why) const;

    BlockCallback on_block_;
    std::string buffer_;
    std::size_t pos_ = 0; ///< parse position in buffer_ (the current block starts at 0)
    Stage stage_ = Stage::Columns;
    std::uint64_t column_count_ = 0;
    NativeBlock block_;
    std::size_t column_ = 0;
    std::vector<std::size_t> null_offsets_; ///< per column: where its null map starts, or none
    std::vector<std::size_t> data_offsets_; ///< per column: where its fixed-width values start
    std::size_t row_ = 0; ///< String columns: values read so far
    std::uint64_t blocks_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t offset_ = 0; ///< bytes of the answer before buffer_
};

} // namespace ferry::clickhouse
