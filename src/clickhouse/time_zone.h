#pragma once
/// A time zone's rules, read from its TZif file (/usr/share/zoneinfo/<name>), to turn the civil times of a
/// DateTime column into unix time on the client exactly as ClickHouse does when it parses them as text: a
/// civil time skipped by a forward change (spring) is read with the offset after the change (02:30 in
/// Berlin on 2023-03-26 is 00:30 UTC), one that occurs twice (autumn) with the offset before it, i.e. the
/// earlier instant.
///
/// ClickHouse computes this from a per-day table with one offset change per day, found at 15-minute
/// granularity within the first 18 hours of the day (18.16; later versions refine the table but read such
/// changes alike). Changes outside that shape (at midnight, across days, at 23:00, off a 15-minute boundary)
/// read differently, and differently across versions, so a zone with any such change in the DateTime range
/// (1970..2106) is refused: load() returns nullptr and the caller lets the server convert. Of Debian's 447
/// zone files 265 are taken (Europe/Berlin, London, Paris, America/New_York, Asia/Tokyo...; not Moscow,
/// Rome, Madrid, Sao_Paulo, which changed at midnight in the 1970s-80s); for each, the civil times around
/// every change read as on 18.16. Times after the file's last transition follow its POSIX TZ footer.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ferry::clickhouse {

class TimeZone {
public:
    /// The zone named `name` (e.g. "Europe/Berlin"), or nullptr when the name is not a plain zone name, its
    /// file is missing or malformed (or has leap seconds, or only version 1 data), or its changes cannot be
    /// reproduced exactly (see above). Reads /usr/share/zoneinfo, or `directory` when given.
    static std::shared_ptr<const TimeZone> load(std::string_view name,
                                                std::string_view directory = "/usr/share/zoneinfo");
    /// The same from the contents of a TZif file.
    static std::shared_ptr<const TimeZone> from_tzif(std::string_view bytes);

    /// Unix time of the civil time `local`, given as seconds since 1970-01-01 00:00:00 on this zone's clock.
    std::int64_t to_unix(std::int64_t local) const;
    /// The civil time (seconds since 1970-01-01 00:00:00 on this zone's clock) of the instant `unix_time`,
    /// as ClickHouse writes a DateTime in this zone (for the zones load() takes, its per-day table agrees).
    std::int64_t to_local(std::int64_t unix_time) const;

private:
    /// `instants` are the unix times where the offset changes, ascending; `offsets` the offset after each.
    TimeZone(std::int32_t initial_offset, std::vector<std::int64_t> instants,
             std::vector<std::int32_t> offsets);
    /// Whether ClickHouse's per-day table reads civil times around every change as to_unix() does.
    bool is_regular() const;

    std::int32_t initial_offset_ = 0;    ///< the offset before the first change
    std::vector<std::int64_t> starts_;   ///< civil time (in the offset before) where each change starts
    std::vector<std::int32_t> offsets_;  ///< the offset after each change
    std::vector<std::int64_t> instants_; ///< the unix time of each change
};

} // namespace ferry::clickhouse
