#include "clickhouse/insert_encoder.h"

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
        std::vector<ScalarCodec> codecs;
        for (std::size_t i = 0; i < types.size(); ++i) {
            auto codec = ScalarCodec::make(names[i], types[i]);
            if (!codec) {
                break;
            }
            const std::string& zone = codec->time_zone().empty() ? server_timezone : codec->time_zone();
            if (codec->has_time_zone() && !is_utc_timezone(zone)) {
                break; // civil time -> unix time needs the zone's rules: let the server convert
            }
            codecs.push_back(std::move(*codec));
        }
        if (codecs.size() == types.size()) {
            return std::make_unique<RowBinaryEncoder>(std::move(codecs));
        }
    }
    return std::make_unique<TextEncoder>(names, types);
}

} // namespace ferry::clickhouse
