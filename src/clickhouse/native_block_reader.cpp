#include "clickhouse/native_block_reader.h"

#include <cstring>

#include <fmt/format.h>

#include "clickhouse/server_error.h"
#include "clickhouse/type.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

std::string_view strip_nullable(std::string_view type) {
    if (type.starts_with("Nullable(") && type.ends_with(")")) {
        return type.substr(9, type.size() - 10);
    }
    return type;
}

} // namespace

std::size_t NativeBlockReader::value_width(std::string_view value_type) {
    if (value_type == "String") {
        return 0;
    }
    const Type type = parse_type(value_type);
    switch (type.kind) {
    case TypeKind::Int8:
    case TypeKind::UInt8:
    case TypeKind::Enum8:
    case TypeKind::Bool:
        return 1;
    case TypeKind::Int16:
    case TypeKind::UInt16:
    case TypeKind::Enum16:
    case TypeKind::Date:
        return 2;
    case TypeKind::Int32:
    case TypeKind::UInt32:
    case TypeKind::Float32:
    case TypeKind::DateTime:
    case TypeKind::Date32:
    case TypeKind::IPv4:
        return 4;
    case TypeKind::Int64:
    case TypeKind::UInt64:
    case TypeKind::Float64:
    case TypeKind::DateTime64:
        return 8;
    case TypeKind::Int128:
    case TypeKind::UInt128:
    case TypeKind::UUID:
    case TypeKind::IPv6:
        return 16;
    case TypeKind::Int256:
    case TypeKind::UInt256:
        return 32;
    case TypeKind::Decimal:
        return type.precision <= 9 ? 4 : type.precision <= 18 ? 8 : type.precision <= 38 ? 16 : 32;
    case TypeKind::FixedString:
        if (type.length == 0) {
            break;
        }
        return type.length;
    default:
        break;
    }
    throw Error(ErrorKind::Connection,
                fmt::format("ClickHouse sent a Native column of type {} that Ferry does not read",
                            printable_value(std::string(value_type))));
}

NativeBlockReader::NativeBlockReader(BlockCallback on_block) : on_block_(std::move(on_block)) {}

void NativeBlockReader::feed(std::string_view bytes) {
    if (stage_ == Stage::Tail) {
        buffer_.append(bytes.substr(0, kMaxErrorText - std::min(kMaxErrorText, buffer_.size())));
        return;
    }
    buffer_.append(bytes);
    parse();
}

void NativeBlockReader::finish() {
    if (stage_ == Stage::Tail) {
        if (const auto error = find_trailing_exception(buffer_)) {
            ErrorContext context;
            context.server_code = error->code;
            throw Error(ErrorKind::Query, fmt::format("ClickHouse error {}: {}", error->code, error->message),
                        std::move(context));
        }
        throw Error(ErrorKind::Query, "ClickHouse failed while sending the result: " +
                                          printable_value(buffer_, 500));
    }
    if (stage_ == Stage::Columns && pos_ != buffer_.size() && start_at_block_boundary() == Start::Unknown) {
        corrupt(fmt::format("the answer ends in {} bytes that are no block",
                            buffer_.size() - pos_));
    }
    if (stage_ != Stage::Columns || pos_ != buffer_.size()) {
        corrupt(fmt::format("the answer ends inside block {} ({} bytes of it arrived)", blocks_ + 1,
                            buffer_.size()));
    }
}

void NativeBlockReader::corrupt(const std::string& why) const {
    throw Error(ErrorKind::Connection,
                fmt::format("ClickHouse sent a Native answer Ferry cannot read: {} (block {}, at byte {})", why,
                            blocks_ + 1, offset_ + pos_));
}

bool NativeBlockReader::read_varuint(std::uint64_t& value) {
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        if (pos_ + i >= buffer_.size()) {
            return false;
        }
        const auto byte = static_cast<unsigned char>(buffer_[pos_ + i]);
        result |= std::uint64_t{byte & 0x7fu} << (7 * i);
        if ((byte & 0x80u) == 0) {
            pos_ += i + 1;
            value = result;
            return true;
        }
    }
    corrupt("a length runs over 10 bytes");
}

bool NativeBlockReader::read_string(std::string& out) {
    const std::size_t start = pos_;
    std::uint64_t size = 0;
    if (!read_varuint(size)) {
        return false;
    }
    if (size > kMaxNameBytes) {
        corrupt(fmt::format("a column name or type of {} bytes", size));
    }
    if (buffer_.size() - pos_ < size) {
        pos_ = start;
        return false;
    }
    out.assign(buffer_, pos_, size);
    pos_ += size;
    return true;
}

NativeBlockReader::Start NativeBlockReader::start_at_block_boundary() const {
    // 18.16 and later write "Code: N, e.displayText() = ..." / "Code: N. DB::Exception: ..." after the
    // last block they sent; newer servers may mark it with "__exception__". Neither can start a block a
    // query of ours gets: 67 (or 95) columns, 111 rows, a first name of 100 bytes starting ": ".
    const std::string_view rest = std::string_view(buffer_).substr(pos_);
    for (const std::string_view marker : {std::string_view("Code: "), std::string_view("__exception__")}) {
        if (rest.starts_with(marker)) {
            return Start::Exception;
        }
        if (marker.starts_with(rest)) {
            return Start::Unknown; // too short to tell
        }
    }
    return Start::Block;
}

void NativeBlockReader::begin_values() {
    NativeColumn& column = block_.columns[column_];
    column.value_type = std::string(strip_nullable(column.type));
    column.width = value_width(column.value_type);
    column.strings.clear();
    null_offsets_[column_] = kNoOffset;
    row_ = 0;
    stage_ = column.value_type.size() != column.type.size() ? Stage::NullMap : Stage::Values;
}

void NativeBlockReader::end_column() {
    ++column_;
    stage_ = column_ < block_.columns.size() ? Stage::Name : Stage::Columns;
    if (stage_ == Stage::Columns) {
        deliver();
    }
}

void NativeBlockReader::parse() {
    while (true) {
        switch (stage_) {
        case Stage::Columns: {
            if (pos_ == buffer_.size()) {
                return;
            }
            const Start start_kind = start_at_block_boundary();
            if (start_kind == Start::Unknown) {
                return;
            }
            if (start_kind == Start::Exception) {
                buffer_.erase(0, pos_);
                pos_ = 0;
                buffer_.resize(std::min(buffer_.size(), kMaxErrorText));
                stage_ = Stage::Tail;
                return;
            }
            const std::size_t start = pos_;
            std::uint64_t columns = 0;
            if (!read_varuint(columns)) {
                return;
            }
            if (columns == 0 || columns > kMaxColumns) {
                pos_ = start;
                corrupt(fmt::format("a block of {} columns", columns));
            }
            column_count_ = columns;
            stage_ = Stage::Rows;
            break;
        }
        case Stage::Rows: {
            std::uint64_t rows = 0;
            if (!read_varuint(rows)) {
                return;
            }
            if (rows > kMaxRows) {
                corrupt(fmt::format("a block of {} rows", rows));
            }
            block_.rows = rows;
            block_.columns.resize(column_count_);
            null_offsets_.assign(column_count_, kNoOffset);
            data_offsets_.assign(column_count_, 0);
            column_ = 0;
            stage_ = Stage::Name;
            break;
        }
        case Stage::Name:
            if (!read_string(block_.columns[column_].name)) {
                return;
            }
            stage_ = Stage::Type;
            break;
        case Stage::Type:
            if (!read_string(block_.columns[column_].type)) {
                return;
            }
            begin_values();
            break;
        case Stage::NullMap:
            if (buffer_.size() - pos_ < block_.rows) {
                return;
            }
            null_offsets_[column_] = pos_;
            pos_ += block_.rows;
            stage_ = Stage::Values;
            break;
        case Stage::Values: {
            NativeColumn& column = block_.columns[column_];
            if (column.width > 0) {
                const std::uint64_t bytes = std::uint64_t{block_.rows} * column.width;
                if (bytes > kMaxBlockBytes) {
                    corrupt(fmt::format("a column of {} bytes", bytes));
                }
                if (buffer_.size() - pos_ < bytes) {
                    return;
                }
                data_offsets_[column_] = pos_;
                pos_ += bytes;
            } else {
                while (row_ < block_.rows) {
                    const std::size_t start = pos_;
                    std::uint64_t size = 0;
                    if (!read_varuint(size)) {
                        return;
                    }
                    if (size > kMaxBlockBytes) {
                        corrupt(fmt::format("a string of {} bytes", size));
                    }
                    if (buffer_.size() - pos_ < size) {
                        pos_ = start;
                        return;
                    }
                    column.strings.emplace_back(pos_, size);
                    pos_ += size;
                    ++row_;
                }
            }
            if (pos_ > kMaxBlockBytes) {
                corrupt(fmt::format("a block of more than {} bytes", kMaxBlockBytes));
            }
            end_column();
            if (stage_ == Stage::Columns && pos_ == buffer_.size()) {
                return;
            }
            break;
        }
        case Stage::Tail:
            return;
        }
    }
}

void NativeBlockReader::deliver() {
    // Offsets became pointers only now: buffer_ may have moved while the block arrived.
    const char* base = buffer_.data();
    for (std::size_t i = 0; i < block_.columns.size(); ++i) {
        auto& column = block_.columns[i];
        column.null_map = null_offsets_[i] == kNoOffset
                              ? nullptr
                              : reinterpret_cast<const unsigned char*>(base + null_offsets_[i]);
        column.data = column.width > 0 ? base + data_offsets_[i] : nullptr;
        column.base = base;
    }
    ++blocks_;
    rows_ += block_.rows;
    if (block_.rows > 0) {
        on_block_(block_);
    }
    for (auto& column : block_.columns) {
        column.null_map = nullptr;
        column.data = nullptr;
    }
    offset_ += pos_;
    buffer_.erase(0, pos_);
    pos_ = 0;
}

} // namespace ferry::clickhouse
