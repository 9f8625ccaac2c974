#pragma once
/// Asks the server whether Ferry's text for a type is its own, before an export relies on it: the same
/// tiny SELECT of tricky values is run as TabSeparated and as Native, Ferry formats the Native values
/// (native_text.h) and every field must equal the server's. Floats differ by version (18.16 writes
/// double-conversion's shortest form, newer servers dragonbox/zmij with another layout), Decimal by
/// output_format_decimal_trailing_zeros (18.16 always "1.50", newer by default "1.5"), DateTime by the
/// server's zone data. What disagrees is turned into text by the server instead (native_select.h).
/// Answers are cached for the probe's lifetime (one export, or one split export's streams).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse/native_select.h"

namespace ferry::clickhouse {

class NativeTextProbe {
public:
    /// Runs a SELECT (its FORMAT clause included) and returns the whole answer: HttpClient::query for a
    /// server, the in-process engine in the modern tests.
    using Runner = std::function<std::string(const std::string& sql)>;

    explicit NativeTextProbe(Runner run) : run_(std::move(run)) {}

    /// What Ferry may format itself for a result of these column types (probing what they need, once).
    NativeTextSupport support_for(const std::vector<std::string>& types);
    /// Every query support_for(types) may run (a few more than it needs when the server's zone turns out
    /// to be one Ferry cannot read), so they can be run at once beforehand (prefetched_queries.h).
    static std::vector<std::string> queries_for(const std::vector<std::string>& types);

    bool floats();
    std::optional<bool> decimal_trailing_zeros();
    /// The zone ("" = the server's) when Ferry's DateTime text in it is the server's; else null.
    std::shared_ptr<const TimeZone> zone(const std::string& name);
    /// Whether Ferry's text for Date and DateTime in zone `name` is the server's also at the very end of
    /// their ranges, and for DateTime in the first two days (then native_select.h's edge_type, the
    /// server's text asked for when met, is not needed). Probes zone(name) first.
    bool edges_exact(const std::string& name);
    /// Whether the server writes Date 0 / DateTime 0 as zeros.
    bool zero_as_zeros();

    /// True when every value of `select` (no FORMAT) formatted by Ferry from the Native answer equals the
    /// server's TabSeparated text; `options` apply to every column.
    bool agrees(const std::string& select, const NativeTextOptions& options);

private:
    Runner run_;
    std::optional<bool> floats_;
    std::optional<std::optional<bool>> decimals_;
    std::optional<std::string> server_zone_;
    std::optional<bool> zero_as_zeros_;
    std::map<std::string, std::shared_ptr<const TimeZone>> zones_;
    std::map<std::string, bool> edges_exact_;
};

} // namespace ferry::clickhouse
