#include "clickhouse/time_zone.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

#include "clickhouse/value_text.h"

namespace ferry::clickhouse {
namespace {

constexpr std::int64_t kDay = 86400;
/// The unix times a DateTime holds, with a margin so that the changes around both ends are checked.
constexpr std::int64_t kRangeStart = -3 * kDay;
constexpr std::int64_t kRangeEnd = 0xFFFFFFFFLL + 3 * kDay;
/// Footer rules are expanded up to this year (the last one kRangeEnd reaches, plus one).
constexpr int kLastRuleYear = 2107;
constexpr std::size_t kMaxFileSize = 1 << 20;

/// A big-endian cursor over the file; every read is bounds-checked.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    bool skip(std::size_t count) {
        if (count > bytes_.size() - pos_) {
            return false;
        }
        pos_ += count;
        return true;
    }

    template <typename T> bool read(T& value) {
        if (sizeof(T) > bytes_.size() - pos_) {
            return false;
        }
        std::uint64_t raw = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i) {
            raw = raw << 8 | static_cast<unsigned char>(bytes_[pos_ + i]);
        }
        pos_ += sizeof(T);
        value = static_cast<T>(raw);
        return true;
    }

    std::string_view rest() const { return bytes_.substr(pos_); }

private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

struct Header {
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

    /// The size of the data block that follows, with `time_size`-byte times.
    std::size_t data_size(std::size_t time_size) const {
        const auto count = [](std::uint32_t value) { return static_cast<std::size_t>(value); };
        return count(timecnt) * (time_size + 1) + count(typecnt) * 6 + count(charcnt) +
               count(leapcnt) * (time_size + 4) + count(isstdcnt) + count(isutcnt);
    }
};

bool read_header(Reader& reader, Header& header) {
    std::uint32_t magic = 0;
    std::uint8_t version = 0;
    if (!reader.read(magic) || magic != 0x545a6966 /* "TZif" */ || !reader.read(version) ||
        !reader.skip(15)) {
        return false;
    }
    header.version = static_cast<char>(version);
    return reader.read(header.isutcnt) && reader.read(header.isstdcnt) && reader.read(header.leapcnt) &&
           reader.read(header.timecnt) && reader.read(header.typecnt) && reader.read(header.charcnt) &&
           header.typecnt > 0;
}

/// The day of a POSIX TZ rule (`Jn`, `n` or `Mm.w.d`) and the time of day it takes effect.
struct DateRule {
    char kind = 'M'; ///< 'J': Julian day 1..365 without Feb 29; 'n': day 0..365; 'M': month, week, weekday
    int day = 0;
    int month = 0;
    int week = 0;
    int weekday = 0;
    std::int64_t time = 7200; ///< seconds after local midnight, in the offset in effect before the change

    /// Days since 1970-01-01 of the rule's day in `year`.
    std::int64_t days_in(int year) const {
        const std::int64_t first_of_year = days_from_civil(year, 1, 1);
        const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if (kind == 'J') {
            return first_of_year + day - 1 + (leap && day >= 60 ? 1 : 0);
        }
        if (kind == 'n') {
            return first_of_year + day;
        }
        const std::int64_t first = days_from_civil(year, static_cast<unsigned>(month), 1);
        const auto weekday_of_first =
            static_cast<int>(((first + 4) % 7 + 7) % 7); // 1970-01-01 was a Thursday
        std::int64_t result = first + (weekday - weekday_of_first + 7) % 7 + (week - 1) * 7;
        const std::int64_t next_month = month == 12
                                            ? days_from_civil(year + 1, 1, 1)
                                            : days_from_civil(year, static_cast<unsigned>(month + 1), 1);
        while (result >= next_month) { // week 5 means the last such weekday
            result -= 7;
        }
        return result;
    }
};

/// The TZ string of a TZif footer, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" or "<+03>-3".
struct PosixRule {
    std::int32_t std_offset = 0; ///< east of UTC, unlike the string's sign
    bool has_dst = false;
    std::int32_t dst_offset = 0;
    DateRule start; ///< standard -> daylight time
    DateRule end;   ///< daylight -> standard time
};

class PosixParser {
public:
    explicit PosixParser(std::string_view text) : text_(text) {}

    std::optional<PosixRule> parse() {
        PosixRule rule;
        std::int64_t offset = 0;
        if (!name() || !signed_time(24, offset)) {
            return std::nullopt;
        }
        rule.std_offset = static_cast<std::int32_t>(-offset);
        if (pos_ == text_.size()) {
            return rule;
        }
        if (!name()) {
            return std::nullopt;
        }
        rule.has_dst = true;
        rule.dst_offset = rule.std_offset + 3600;
        if (pos_ < text_.size() && text_[pos_] != ',') {
            if (!signed_time(24, offset)) {
                return std::nullopt;
            }
            rule.dst_offset = static_cast<std::int32_t>(-offset);
        }
        // Without rules the change dates are implementation-defined: refuse rather than guess.
        if (!consume(',') || !date_rule(rule.start) || !consume(',') || !date_rule(rule.end) ||
            pos_ != text_.size()) {
            return std::nullopt;
        }
        return rule;
    }

private:
    bool consume(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    bool name() {
        if (consume('<')) {
            const std::size_t close = text_.find('>', pos_);
            if (close == std::string_view::npos || close == pos_) {
                return false;
            }
            pos_ = close + 1;
            return true;
        }
        const std::size_t start = pos_;
        while (pos_ < text_.size() &&
               ((text_[pos_] >= 'A' && text_[pos_] <= 'Z') || (text_[pos_] >= 'a' && text_[pos_] <= 'z'))) {
            ++pos_;
        }
        return pos_ - start >= 3;
    }

    bool number(int max, int& value) {
        const std::size_t start = pos_;
        value = 0;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && pos_ - start < 3) {
            value = value * 10 + (text_[pos_++] - '0');
        }
        return pos_ != start && value <= max;
    }

    /// [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
    bool signed_time(int max_hours, std::int64_t& seconds) {
        const bool negative = consume('-');
        if (!negative) {
            consume('+');
        }
        int hours = 0;
        int minutes = 0;
        int secs = 0;
        if (!number(max_hours, hours)) {
            return false;
        }
        if (consume(':') && (!number(59, minutes) || (consume(':') && !number(59, secs)))) {
            return false;
        }
        seconds = (hours * 3600LL + minutes * 60 + secs) * (negative ? -1 : 1);
        return true;
    }

    bool date_rule(DateRule& rule) {
        if (consume('M')) {
            rule.kind = 'M';
            if (!number(12, rule.month) || rule.month < 1 || !consume('.') || !number(5, rule.week) ||
                rule.week < 1 || !consume('.') || !number(6, rule.weekday)) {
                return false;
            }
        } else if (consume('J')) {
            rule.kind = 'J';
            if (!number(365, rule.day) || rule.day < 1) {
                return false;
            }
        } else {
            rule.kind = 'n';
            if (!number(365, rule.day)) {
                return false;
            }
        }
        return !consume('/') || signed_time(167, rule.time); // RFC 8536 extends the hours to +-167
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

bool is_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') {
        return false;
    }
    std::size_t component = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        if (i == name.size() || name[i] == '/') {
            const std::string_view part = name.substr(component, i - component);
            if (part.empty() || part == "." || part == "..") {
                return false;
            }
            component = i + 1;
            continue;
        }
        const char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '+' || c == '.')) {
            return false;
        }
    }
    return true;
}

std::int64_t floor_mod(std::int64_t value, std::int64_t divisor) {
    const std::int64_t remainder = value % divisor;
    return remainder < 0 ? remainder + divisor : remainder;
}

/// The offset (east of UTC) from a unix time on.
struct OffsetChange {
    std::int64_t at;
    std::int32_t offset;
};

/// The contents of a TZif file that matter here.
struct Tzif {
    std::vector<OffsetChange> table; ///< the transitions, ascending
    std::int32_t first_offset = 0;   ///< local time type 0: before the first transition
    std::string_view footer;         ///< the POSIX TZ string for times after the last one, may be empty
};

std::optional<Tzif> read_tzif(std::string_view bytes) {
    Reader reader(bytes);
    Header header;
    // Version 1 data (32-bit times) is skipped: version 2+ repeats it with 64-bit times and adds the footer.
    // Leap seconds would make the times not unix times.
    if (!read_header(reader, header) || header.version < '2' || !reader.skip(header.data_size(4)) ||
        !read_header(reader, header) || header.leapcnt != 0 || header.data_size(8) > reader.rest().size()) {
        return std::nullopt;
    }
    std::vector<std::int64_t> times(header.timecnt);
    std::vector<std::uint8_t> type_of(header.timecnt);
    std::vector<std::int32_t> type_offsets(header.typecnt);
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (!reader.read(times[i]) || (i > 0 && times[i] <= times[i - 1])) {
            return std::nullopt;
        }
    }
    for (std::uint8_t& type : type_of) {
        if (!reader.read(type) || type >= header.typecnt) {
            return std::nullopt;
        }
    }
    for (std::int32_t& offset : type_offsets) {
        if (!reader.read(offset) || !reader.skip(2) || offset <= -kDay || offset >= kDay) {
            return std::nullopt;
        }
    }
    if (!reader.skip(header.charcnt + header.isstdcnt + header.isutcnt)) {
        return std::nullopt;
    }
    const std::string_view footer = reader.rest(); // "\n<TZ string>\n"
    if (!footer.starts_with('\n') || footer.find('\n', 1) == std::string_view::npos) {
        return std::nullopt;
    }
    Tzif tzif;
    tzif.first_offset = type_offsets[0];
    tzif.footer = footer.substr(1, footer.find('\n', 1) - 1);
    for (std::size_t i = 0; i < times.size(); ++i) {
        tzif.table.push_back({times[i], type_offsets[type_of[i]]});
    }
    return tzif;
}

/// The changes a footer's rule makes after `last` (the table's last transition), up to kLastRuleYear;
/// nullopt when the footer is malformed.
std::optional<std::vector<OffsetChange>> footer_changes(std::string_view footer, std::int64_t last) {
    const auto rule = PosixParser(footer).parse();
    if (!rule) {
        return std::nullopt;
    }
    std::vector<OffsetChange> changes;
    if (!rule->has_dst) {
        changes.push_back({std::max(last + 1, kRangeStart), rule->std_offset});
        return changes;
    }
    int first_year = 1970;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(std::max(last, kRangeStart) / kDay - 1, first_year, month, day);
    for (int year = first_year; year <= kLastRuleYear; ++year) {
        changes.push_back(
            {rule->start.days_in(year) * kDay + rule->start.time - rule->std_offset, rule->dst_offset});
        changes.push_back(
            {rule->end.days_in(year) * kDay + rule->end.time - rule->dst_offset, rule->std_offset});
    }
    // Southern zones end daylight time before they start it; a change at the same instant as the one
    // before it (daylight time all year) comes after it.
    std::stable_sort(changes.begin(), changes.end(),
                     [](const OffsetChange& a, const OffsetChange& b) { return a.at < b.at; });
    std::erase_if(changes, [last](const OffsetChange& change) { return change.at <= last; });
    return changes;
}

} // namespace

TimeZone::TimeZone(std::int32_t initial_offset, std::vector<std::int64_t> instants,
                   std::vector<std::int32_t> offsets)
    : initial_offset_(initial_offset), offsets_(std::move(offsets)), instants_(std::move(instants)) {
    for (std::size_t i = 0; i < instants_.size(); ++i) {
        starts_.push_back(instants_[i] + (i == 0 ? initial_offset_ : offsets_[i - 1]));
    }
}

std::shared_ptr<const TimeZone> TimeZone::load(std::string_view name, std::string_view directory) {
    if (!is_zone_name(name)) {
        return nullptr;
    }
    std::ifstream file(std::string(directory) + "/" + std::string(name), std::ios::binary);
    std::string bytes;
    char buffer[4096];
    while (file && bytes.size() <= kMaxFileSize) {
        file.read(buffer, sizeof buffer);
        bytes.append(buffer, static_cast<std::size_t>(file.gcount()));
    }
    if (bytes.empty() || bytes.size() > kMaxFileSize || file.bad()) {
        return nullptr;
    }
    return from_tzif(bytes);
}

std::shared_ptr<const TimeZone> TimeZone::from_tzif(std::string_view bytes) {
    auto tzif = read_tzif(bytes);
    if (!tzif) {
        return nullptr;
    }
    std::vector<OffsetChange> all = std::move(tzif->table);
    if (!tzif->footer.empty()) {
        const auto rules = footer_changes(tzif->footer, all.empty() ? INT64_MIN : all.back().at);
        if (!rules) {
            return nullptr;
        }
        all.insert(all.end(), rules->begin(), rules->end());
    } // else (as cctz) the last offset goes on

    // Keep the changes in the range that change the offset; of two at the same instant the later wins.
    std::int32_t initial = tzif->first_offset;
    std::vector<std::int64_t> instants;
    std::vector<std::int32_t> offsets;
    for (const OffsetChange& change : all) {
        if (change.at <= kRangeStart) {
            initial = change.offset;
            continue;
        }
        if (change.at > kRangeEnd) {
            break;
        }
        if (!instants.empty() && instants.back() == change.at) {
            instants.pop_back();
            offsets.pop_back();
        }
        if (change.offset != (offsets.empty() ? initial : offsets.back())) {
            instants.push_back(change.at);
            offsets.push_back(change.offset);
        }
    }
    TimeZone zone(initial, std::move(instants), std::move(offsets));
    if (!zone.is_regular()) {
        return nullptr;
    }
    return std::make_shared<const TimeZone>(std::move(zone));
}

bool TimeZone::is_regular() const {
    for (std::size_t i = 0; i < starts_.size(); ++i) {
        const std::int32_t before = i == 0 ? initial_offset_ : offsets_[i - 1];
        // Seconds after local midnight where the change starts, and where local time resumes after it.
        // The change must start inside the day (18.16 reads the hour skipped at midnight in the offset
        // before it), on a 15-minute boundary, before 18:12 (65536 s: 18.16 applies later ones to the whole
        // day), local time must resume the same day, and the next change must be on another day.
        const std::int64_t start = floor_mod(starts_[i], kDay);
        const std::int64_t resume = start + (offsets_[i] - before);
        if (start == 0 || start % 900 != 0 || start >= 65536 || resume < 0 || resume >= kDay ||
            (i > 0 && instants_[i] - instants_[i - 1] < 2 * kDay)) {
            return false;
        }
    }
    return true;
}

std::int64_t TimeZone::to_unix(std::int64_t local) const {
    // The last change that starts at or before `local` gives the offset: a skipped time is past the start of
    // its change (the offset after), a repeated one before it (the offset before, the earlier instant).
    const auto next = std::upper_bound(starts_.begin(), starts_.end(), local);
    if (next == starts_.begin()) {
        return local - initial_offset_;
    }
    return local - offsets_[static_cast<std::size_t>(next - starts_.begin() - 1)];
}

std::int64_t TimeZone::to_local(std::int64_t unix_time) const {
    // The last change at or before the instant gives the offset.
    const auto next = std::upper_bound(instants_.begin(), instants_.end(), unix_time);
    if (next == instants_.begin()) {
        return unix_time + initial_offset_;
    }
    return unix_time + offsets_[static_cast<std::size_t>(next - instants_.begin() - 1)];
}

} // namespace ferry::clickhouse
