#pragma once
/// The query an export runs to get its rows as a Native answer that still yields the server's own text:
/// columns whose text Ferry makes exactly (native_text.h, as far as the server's probe agrees) come as
/// they are; every other column is wrapped as toString(col) in an outer SELECT, so the server's text for
/// it arrives in a String column (toString writes the same text as TabSeparated for these types; the
/// integration and modern tests compare both ways byte for byte). A column neither can carry (Variant,
/// Dynamic, JSON, LowCardinality of a wrapped type on a server that cannot toString it...) makes the plan
/// empty: the caller reads the whole answer as TabSeparated, as before.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/native_text.h"
#include "clickhouse/time_zone.h"

namespace ferry::clickhouse {

/// What the server's probe found (native_text_probe.h), for the columns of one query.
struct NativeTextSupport {
    bool floats = false;                        ///< Float32/Float64 text as Ferry's
    std::optional<bool> decimal_trailing_zeros; ///< Decimal text as Ferry's, in this style; nullopt: not
    /// DateTime zones ("" = the server's) whose text is Ferry's; a zone not here (or null) goes to toString.
    std::map<std::string, std::shared_ptr<const TimeZone>> zones;
    /// Zones whose DateTime text is Ferry's up to both ends of the range (no edge_type needed), and the
    /// same for Date.
    std::set<std::string> exact_edges;
    bool exact_date_edges = false;
    /// Date/DateTime 0 is written as zeros (NativeTextOptions::zero_as_zeros).
    bool zero_as_zeros = false;
};

struct NativeSelect {
    std::string sql; ///< with FORMAT Native
    Settings settings;
    std::vector<std::string> types;             ///< per column, as DESCRIBE gave them
    std::vector<bool> by_server;                ///< per column: wrapped in toString
    std::vector<NativeTextOptions> options;     ///< per column, for make_native_text
    /// Per column: the Date or DateTime type whose server text Ferry asks for (native_edge_text.h) when a
    /// value at either end of the type's range comes (from kDateEdgeDay / kDateTimeEdge on; for DateTime
    /// also below kDateTimeLowEdge), or "". 18.16 writes those from a lookup table that ends in early 2106
    /// (2106-02-08 as "1970-01-01", 2106-02-07 02:00 in New York as "1970-01-01 00:00:00") and starts at
    /// local midnight of 1970-01-01 (unix time 1 in New York as "1970-01-01 12:00:01", in Kolkata as
    /// "1970-01-01 05:io:01"), which no one should have to reproduce.
    std::vector<std::string> edge_type;
};

/// First Date (days since 1970) and DateTime (unix time) whose text the server makes (see edge_type):
/// 2106-01-27 and 2106-02-05 00:00:00 UTC, days before 18.16's lookup table ends in any zone.
constexpr unsigned kDateEdgeDay = 49700;
constexpr unsigned long kDateTimeEdge = 4294771200;
/// DateTimes below this unix time (1970-01-03 00:00:00 UTC, a day past the local midnight of 1970-01-01
/// in any zone) are written by the server too, where the probe finds that it writes them differently.
constexpr unsigned long kDateTimeLowEdge = 172800;

/// Rows per block asked of the server: one block is all Ferry holds (~1 MiB for 100-byte rows, as the
/// server's preferred_block_size_bytes also keeps it), and small enough that a wide String column stays
/// well inside the export's memory promise.
constexpr const char* kNativeMaxBlockSize = "16384";

/// `DESCRIBE TABLE (select)`: the names and types of a SELECT without running it.
std::string describe_select_sql(std::string_view select);
/// Names and types from that answer (TabSeparated; the first two fields of each row).
void parse_describe(std::string_view answer, std::vector<std::string>& names, std::vector<std::string>& types);

/// The timezone a DateTime type is written in: its own, or "" for the server's.
std::optional<std::string> date_time_zone(std::string_view type);

/// The plan for `select` (no FORMAT clause) with these result columns; nullopt when some column can only
/// travel as TabSeparated.
std::optional<NativeSelect> plan_native_select(std::string_view select, const std::vector<std::string>& names,
                                               const std::vector<std::string>& types,
                                               const NativeTextSupport& support);

} // namespace ferry::clickhouse
