#include "clickhouse/insert_encoder.h"

#include <map>

#include "clickhouse/row_binary_encoder.h"
#include "clickhouse/text_encoder.h"
#include "clickhouse/time_zone.h"
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
        std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> zones;
        const CompositeCodec::LeafCheck prepare = [&](ScalarCodec& codec) {
            if (!codec.has_time_zone()) {
                return true;
            }
            const std::string& name = codec.time_zone().empty() ? server_timezone : codec.time_zone();
            if (is_utc_timezone(name)) {
                return true;
            }
            auto [zone, inserted] = zones.try_emplace(name);
            if (inserted) {
                zone->second = TimeZone::load(name);
            }
            return zone->second && codec.set_time_zone(zone->second);
        };
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
