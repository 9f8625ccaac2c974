#include "clickhouse/insert_encoder.h"

#include "clickhouse/codec_time_zones.h"
#include "clickhouse/row_binary_encoder.h"
#include "clickhouse/text_encoder.h"
#include "common/error.h"

namespace ferry::clickhouse {

std::unique_ptr<InsertEncoder> make_insert_encoder(const std::vector<ColumnInfo>& columns,
                                                   const std::string& server_timezone, bool force_text) {
    std::vector<std::string> names;
    std::vector<Type> types;
    for (const ColumnInfo& column : columns) {
        names.push_back(column.name);
        try {
            types.push_back(parse_type(column.type));
        } catch (const Error&) {
            // A type this parser cannot read: the server can, so it goes as text.
            Type other;
            other.text = column.type;
            types.push_back(std::move(other));
        }
    }
    if (!force_text) {
        // Civil time -> unix time needs the zone's rules: from its TZif file, else the server converts.
        CodecTimeZones zones(server_timezone);
        const CompositeCodec::LeafCheck prepare = [&](ScalarCodec& codec) { return zones.prepare(codec); };
        std::vector<RowBinaryEncoder::Column> codecs;
        for (std::size_t i = 0; i < types.size(); ++i) {
            if (auto scalar = ScalarCodec::make(names[i], types[i])) {
                if (!prepare(*scalar)) {
                    break;
                }
                codecs.emplace_back(std::move(*scalar));
            } else if (auto composite = CompositeCodec::make(names[i], types[i], prepare)) {
                codecs.emplace_back(std::move(*composite));
            } else {
                break;
            }
        }
        if (codecs.size() == types.size()) {
            return std::make_unique<RowBinaryEncoder>(std::move(codecs));
        }
    }
    return std::make_unique<TextEncoder>(names, types);
}

} // namespace ferry::clickhouse
