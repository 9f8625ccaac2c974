#include "clickhouse/native_insert_encoder.h"

#include "clickhouse/codec_time_zones.h"
#include "clickhouse/type.h"
#include "common/error.h"

namespace ferry::clickhouse {

void append_varuint(std::uint64_t value, std::string& out) {
    while (value >= 0x80) {
        out += static_cast<char>(static_cast<std::uint8_t>(value) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

namespace {
void append_string(std::string_view text, std::string& out) {
    append_varuint(text.size(), out);
    out += text;
}
} // namespace

NativeInsertEncoder::NativeInsertEncoder(std::vector<Column> columns) {
    codecs_.reserve(columns.size());
    buffers_.resize(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) {
        append_string(columns[i].name, buffers_[i].header);
        append_string(columns[i].type, buffers_[i].header);
        codecs_.push_back(std::move(columns[i].codec));
    }
}

void NativeInsertEncoder::value(std::size_t index, std::string_view text, bool is_null, std::string&) {
    Buffer& buffer = buffers_[index];
    codecs_[index].write_native(text, is_null, buffer.null_map, buffer.data);
}

void NativeInsertEncoder::end_row(std::string&) {
    ++rows_;
    for (Buffer& buffer : buffers_) {
        pending_bytes_ += buffer.null_map.size() - buffer.null_map_committed;
        pending_bytes_ += buffer.data.size() - buffer.data_committed;
        buffer.null_map_committed = buffer.null_map.size();
        buffer.data_committed = buffer.data.size();
    }
}

void NativeInsertEncoder::cancel_row() {
    // Columns before the bad value hold it already, those after it not yet: every one goes back.
    for (Buffer& buffer : buffers_) {
        buffer.null_map.resize(buffer.null_map_committed);
        buffer.data.resize(buffer.data_committed);
    }
}

void NativeInsertEncoder::end_block(std::string& out) {
    cancel_row(); // a half-encoded row never goes out
    if (rows_ == 0) {
        return; // an empty block would be a block all the same: nothing is written instead
    }
    append_varuint(buffers_.size(), out);
    append_varuint(rows_, out);
    for (Buffer& buffer : buffers_) {
        out += buffer.header;
        out += buffer.null_map;
        out += buffer.data;
        buffer.null_map.clear();
        buffer.data.clear();
        buffer.null_map_committed = 0;
        buffer.data_committed = 0;
    }
    rows_ = 0;
    pending_bytes_ = 0;
}

std::unique_ptr<InsertEncoder> make_native_insert_encoder(const std::vector<ColumnInfo>& columns,
                                                          const std::string& server_timezone,
                                                          bool plain_into_low_cardinality) {
    if (columns.empty()) {
        return nullptr;
    }
    CodecTimeZones zones(server_timezone);
    std::vector<NativeInsertEncoder::Column> native;
    for (const ColumnInfo& info : columns) {
        Type type;
        try {
            type = parse_type(info.type);
        } catch (const Error&) {
            return nullptr;
        }
        std::string block_type = info.type;
        if (type.kind == TypeKind::LowCardinality) {
            if (!plain_into_low_cardinality) {
                return nullptr;
            }
            // The plain column; the server builds the dictionary (probed: native_insert_probe.h).
            Type plain = type.args.at(0);
            type = std::move(plain);
            block_type = type.text;
        }
        auto codec = ScalarCodec::make(info.name, type);
        if (!codec || !zones.prepare(*codec)) {
            return nullptr;
        }
        native.push_back({info.name, std::move(block_type), std::move(*codec)});
    }
    return std::make_unique<NativeInsertEncoder>(std::move(native));
}

} // namespace ferry::clickhouse
