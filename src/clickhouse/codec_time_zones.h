#pragma once
/// Gives DateTime codecs the rules of their zone, so Ferry can turn civil times into unix time itself: the
/// column's own zone, else the server's (`SELECT timezone()`); UTC needs no rules. Shared by the RowBinary
/// and Native encoder factories; each zone's TZif file is read once.

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "clickhouse/scalar_codec.h"
#include "clickhouse/time_zone.h"
#include "clickhouse/type.h"

namespace ferry::clickhouse {

class CodecTimeZones {
public:
    explicit CodecTimeZones(std::string server_timezone) : server_timezone_(std::move(server_timezone)) {}

    /// False when the codec needs a zone whose rules Ferry cannot read (then the server must convert: text).
    bool prepare(ScalarCodec& codec) {
        if (!codec.has_time_zone()) {
            return true;
        }
        const std::string& name = codec.time_zone().empty() ? server_timezone_ : codec.time_zone();
        if (is_utc_timezone(name)) {
            return true;
        }
        auto [zone, inserted] = zones_.try_emplace(name);
        if (inserted) {
            zone->second = TimeZone::load(name);
        }
        return zone->second && codec.set_time_zone(zone->second);
    }

private:
    std::string server_timezone_;
    std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> zones_;
};

} // namespace ferry::clickhouse
