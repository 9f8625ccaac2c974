#include "clickhouse/native_text_probe.h"

#include <set>

#include <fmt/format.h>

#include "clickhouse/native_block_reader.h"
#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

/// Doubles whose text is easy to get wrong: both ends of the plain notation (1e-7/1e-6, 1e20/1e21),
/// shortest digits (0.1, 1/3, 2^53+1), signed zero, NaN and infinities, subnormals, extremes, long
/// integers; and a spread of magnitudes below (k/7 x 10^j).
constexpr const char* kFloatValues =
    "['1e21','1e20','1e-7','1e-6','1.5e-7','0.1','0.3333333333333333','-0','nan','inf','-inf','5e-324',"
    "'2.2250738585072014e-308','4.9406564584124654e-323','9007199254740993','123456789012345678',"
    "'1.7976931348623157e308','0.000123','123.456','-1.5e-7','1e15','1e16','1e17','12345678.9','3.4e38',"
    "'1e-45','16777217','1.1754944e-38','-2','100','0.5','1e100','-1e-100','6.02214076e23']";

std::string float_select() {
    // Newer servers print integral doubles up to 2^63 by integer paths of their own: 2^53..2^63 is sampled.
    return fmt::format("SELECT x, toFloat32(x) FROM (SELECT toFloat64(arrayJoin(arrayConcat({}, "
                       "arrayMap(i -> toString(i / 7 * exp10(i % 60 - 30)), range(300)), "
                       "arrayMap(i -> toString(exp2(53 + i % 11) * (1 + i / 997)), range(100))))) AS x)",
                       kFloatValues);
}

/// Every width, signs, zeros at the end of the fraction, a zero scale, the whole part alone.
constexpr const char* kDecimalSelect =
    "SELECT toDecimal32('1.50', 2), toDecimal32('-0.01', 2), toDecimal64('3', 4), toDecimal64('0', 4), "
    "toDecimal64('-12345678901234.5678', 4), toDecimal128('-1234567890123456789012345678.9000000000', 10), "
    "toDecimal32('7', 0), toDecimal32('-999999999', 0), toDecimal64('0.0001', 4)";

constexpr const char* kZeroDateSql = "SELECT toDate(0) FORMAT TabSeparated";
constexpr const char* kServerZoneSql = "SELECT timezone() FORMAT TabSeparated";

std::string zone_argument(const std::string& name) {
    return name.empty() ? "" : ", " + quote_string(name);
}

/// Every week of the DateTime range at a time of day that wanders through the day, and every 7th day of the
/// Date range, up to their edges (native_select.h: the server writes what is beyond); then every ~30 minutes
/// of the week after the low edge, where 18.16's table has just begun.
std::string zone_select(const std::string& name) {
    return fmt::format("SELECT toDateTime(if(number < 7100, number * 604807 + 1800 * (number > 0), {} + number % "
                       "7100 * 1799){}), toDate(toUInt16(if(number < 7100, number * 7, number % 7100))) FROM "
                       "system.numbers LIMIT 7440",
                       kDateTimeLowEdge, zone_argument(name));
}

/// From the edges (kDateTimeEdge, kDateEdgeDay) to the last value of each type, every ~45 minutes and every
/// ~220 days, the last value itself included; and from 0 to kDateTimeLowEdge every ~40 minutes.
std::string edges_select(const std::string& name) {
    return fmt::format("SELECT toDateTime(least(toUInt64({}) + number * 2724, 4294967295){}), "
                       "toDate(toUInt16(least({} + number * 220, 65535))), toDateTime(least(number * 2399 + 1, "
                       "{}){}) FROM system.numbers LIMIT 73",
                       kDateTimeEdge, zone_argument(name), kDateEdgeDay, kDateTimeLowEdge - 1, zone_argument(name));
}

/// What agrees(select) runs.
void add_both_answers(const std::string& select, std::vector<std::string>& queries) {
    queries.push_back(select + " FORMAT TabSeparated");
    queries.push_back(select + " FORMAT Native");
}

/// What a result of these column types needs probed: the one reading of the types behind both queries_for()
/// and support_for(), so the queries prefetched are the queries asked.
struct ProbeNeeds {
    bool dates = false;    ///< any Date/DateTime: how 0 is written
    bool floats = false;
    bool decimals = false;
    std::set<std::string> date_time_zones; ///< zones of the DateTime columns ("" = the server's)
    bool server_zone_dates = false;        ///< Date, or DateTime without a zone: the server zone's edges
};

ProbeNeeds needs_of(const std::vector<std::string>& types) {
    ProbeNeeds needs;
    for (const auto& type : types) {
        needs.dates = needs.dates || type.find("Date") != std::string::npos;
        needs.floats = needs.floats || type.find("Float") != std::string::npos;
        needs.decimals = needs.decimals || type.find("Decimal") != std::string::npos;
        const auto zone_name = date_time_zone(type);
        if (zone_name) {
            needs.date_time_zones.insert(*zone_name);
        }
        needs.server_zone_dates = needs.server_zone_dates ||
                                  (type.find("Date") != std::string::npos && !zone_name &&
                                   type.find("Date32") == std::string::npos &&
                                   type.find("DateTime64") == std::string::npos);
    }
    return needs;
}

} // namespace

std::vector<std::string> NativeTextProbe::queries_for(const std::vector<std::string>& types) {
    const ProbeNeeds needs = needs_of(types);
    std::vector<std::string> queries;
    if (needs.dates) {
        queries.push_back(kZeroDateSql);
    }
    if (needs.floats) {
        add_both_answers(float_select(), queries);
    }
    if (needs.decimals) {
        add_both_answers(kDecimalSelect, queries);
    }
    std::set<std::string> zones = needs.date_time_zones;
    if (needs.server_zone_dates) {
        zones.insert("");
    }
    if (!zones.empty()) {
        queries.push_back(kServerZoneSql);
    }
    for (const auto& name : zones) {
        add_both_answers(zone_select(name), queries);
        add_both_answers(edges_select(name), queries);
    }
    return queries;
}

bool NativeTextProbe::agrees(const std::string& select, const NativeTextOptions& options) {
    std::vector<Row> rows;
    std::string native;
    try {
        rows = parse_tsv(run_(select + " FORMAT TabSeparated"));
        native = run_(select + " FORMAT Native");
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Query) {
            throw;
        }
        return false; // a server without a function the probe uses: it formats these values itself
    }
    std::size_t row_base = 0;
    bool same = true;
    std::vector<NativeText> texts;
    NativeBlockReader reader([&](const NativeBlock& block) {
        for (std::size_t c = 0; c < block.columns.size() && same; ++c) {
            const auto formatter = make_native_text(block.columns[c].type, options); // owns the texts
            formatter->format(block.columns[c], block.rows, texts);
            for (std::size_t r = 0; r < block.rows && same; ++r) {
                const std::size_t row = row_base + r;
                same = row < rows.size() && c < rows[row].size() && rows[row][c].has_value() != texts[r].is_null &&
                       (texts[r].is_null || *rows[row][c] == texts[r].text);
            }
        }
        row_base += block.rows;
    });
    try {
        reader.feed(native);
        reader.finish();
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Connection) {
            throw;
        }
        return false; // a Native answer Ferry cannot read: the server formats
    }
    return same && row_base == rows.size();
}

bool NativeTextProbe::floats() {
    if (!floats_) {
        floats_ = agrees(float_select(), {});
    }
    return *floats_;
}

std::optional<bool> NativeTextProbe::decimal_trailing_zeros() {
    if (!decimals_) {
        decimals_ = std::optional<bool>();
        for (const bool trailing_zeros : {true, false}) {
            NativeTextOptions options;
            options.decimal_trailing_zeros = trailing_zeros;
            if (agrees(kDecimalSelect, options)) {
                decimals_ = std::optional<bool>(trailing_zeros);
                break;
            }
        }
    }
    return *decimals_;
}

std::shared_ptr<const TimeZone> NativeTextProbe::zone(const std::string& name) {
    if (const auto found = zones_.find(name); found != zones_.end()) {
        return found->second;
    }
    if (!server_zone_) {
        const auto rows = parse_tsv(run_(kServerZoneSql));
        server_zone_ = rows.empty() || rows[0].empty() || !rows[0][0] ? "" : *rows[0][0];
    }
    const std::string& zone_name = name.empty() ? *server_zone_ : name;
    NativeTextOptions options;
    options.zero_as_zeros = zero_as_zeros();
    options.zone = zone_name.empty() ? nullptr : TimeZone::load(zone_name);
    if (options.zone) {
        const std::string select = zone_select(name);
        if (!agrees(select, options)) {
            options.zone = nullptr;
        }
    }
    zones_[name] = options.zone;
    return options.zone;
}

bool NativeTextProbe::edges_exact(const std::string& name) {
    if (const auto found = edges_exact_.find(name); found != edges_exact_.end()) {
        return found->second;
    }
    NativeTextOptions options;
    options.zero_as_zeros = zero_as_zeros();
    options.zone = zone(name);
    bool exact = false;
    if (options.zone) {
        const std::string select = edges_select(name);
        exact = agrees(select, options);
    }
    edges_exact_[name] = exact;
    return exact;
}

bool NativeTextProbe::zero_as_zeros() {
    if (!zero_as_zeros_) {
        const auto rows = parse_tsv(run_(kZeroDateSql));
        zero_as_zeros_ = !rows.empty() && !rows[0].empty() && rows[0][0] == "0000-00-00";
    }
    return *zero_as_zeros_;
}

NativeTextSupport NativeTextProbe::support_for(const std::vector<std::string>& types) {
    const ProbeNeeds needs = needs_of(types);
    NativeTextSupport support;
    if (needs.dates) {
        support.zero_as_zeros = zero_as_zeros();
    }
    if (needs.floats) {
        support.floats = floats();
    }
    if (needs.decimals) {
        support.decimal_trailing_zeros = decimal_trailing_zeros();
    }
    for (const auto& name : needs.date_time_zones) {
        support.zones[name] = zone(name);
        if (support.zones[name] && edges_exact(name)) {
            support.exact_edges.insert(name);
        }
    }
    support.exact_date_edges = needs.server_zone_dates && zone("") && edges_exact("");
    return support;
}

} // namespace ferry::clickhouse
