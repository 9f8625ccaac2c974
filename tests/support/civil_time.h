#pragma once
/// Civil times for the time-zone tests: the days clocks change, and the text a CSV writes for a moment.

#include <cstdint>
#include <string>

#include "clickhouse/native_text.h"
#include "clickhouse/value_text.h"

namespace ferry::test {

/// The nth Sunday (5: the last) of a month, in days since 1970-01-01.
inline std::int64_t nth_sunday(int year, unsigned month, int nth) {
    std::int64_t day = clickhouse::days_from_civil(year, month, 1);
    day += (3 - (day % 7) + 7) % 7 + 7 * (nth - 1); // 1970-01-04 was a Sunday
    if (nth == 5 && clickhouse::days_from_civil(month == 12 ? year + 1 : year, month % 12 + 1, 1) <= day) {
        day -= 7;
    }
    return day;
}

/// "YYYY-MM-DD hh:mm:ss" of `seconds` counted as civil time (no zone).
inline std::string civil_text(std::int64_t seconds) {
    std::string text;
    clickhouse::append_date_time_text(seconds, text);
    return text;
}

} // namespace ferry::test
