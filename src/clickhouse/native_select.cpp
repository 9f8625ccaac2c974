#include "clickhouse/native_select.h"

#include <set>

#include <fmt/format.h>

#include "clickhouse/query_rows.h"
#include "clickhouse/sql.h"
#include "clickhouse/type.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

std::string_view unwrap(std::string_view type, std::string_view wrapper) {
    if (type.starts_with(wrapper) && type.ends_with(")")) {
        return type.substr(wrapper.size(), type.size() - wrapper.size() - 1);
    }
    return type;
}

/// Types whose toString() is the text TabSeparated writes (unescaped), checked by the export tests on
/// 18.16 and 26.x: composites (TabSeparated writes their literal unescaped, as toString does), and scalars
/// whose text Ferry does not make itself.
bool server_text_is_tsv_text(const Type& type) {
    switch (type.kind) {
    case TypeKind::Int8:
    case TypeKind::Int16:
    case TypeKind::Int32:
    case TypeKind::Int64:
    case TypeKind::Int128:
    case TypeKind::Int256:
    case TypeKind::UInt8:
    case TypeKind::UInt16:
    case TypeKind::UInt32:
    case TypeKind::UInt64:
    case TypeKind::UInt128:
    case TypeKind::UInt256:
    case TypeKind::Float32:
    case TypeKind::Float64:
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::FixedString:
    case TypeKind::Date:
    case TypeKind::Date32:
    case TypeKind::DateTime:
    case TypeKind::DateTime64:
    case TypeKind::Decimal:
    case TypeKind::UUID:
    case TypeKind::Enum8:
    case TypeKind::Enum16:
    case TypeKind::IPv4:
    case TypeKind::IPv6:
        return true;
    case TypeKind::Nullable:
    case TypeKind::Array:
    case TypeKind::Map:
    case TypeKind::Tuple:
    case TypeKind::Nested:
        for (const auto& arg : type.args) {
            if (!server_text_is_tsv_text(arg)) {
                return false;
            }
        }
        return true;
    case TypeKind::LowCardinality:
        // Inside a composite only: toString of a LowCardinality column itself fails on 18.16.
        return server_text_is_tsv_text(type.args.at(0));
    case TypeKind::Other: // newer scalars, written by toString as by TabSeparated (tested on 26.5)
        return type.family == "BFloat16" || type.family == "Time" || type.family == "Time64";
    default:
        return false; // Variant, Dynamic, JSON, Nothing, AggregateFunction, ...: TabSeparated only
    }
}

TypeKind value_type_kind(std::string_view type) {
    try {
        return parse_type(type).kind;
    } catch (const Error&) {
        return TypeKind::Other;
    }
}

} // namespace

std::string describe_select_sql(std::string_view select) {
    return "DESCRIBE TABLE (" + std::string(select) + ") FORMAT TabSeparated";
}

void parse_describe(std::string_view answer, std::vector<std::string>& names, std::vector<std::string>& types) {
    for (const auto& row : parse_tsv(answer)) {
        if (row.size() < 2 || !row[0] || !row[1]) {
            throw Error(ErrorKind::Query, "ClickHouse answered DESCRIBE without names and types");
        }
        names.push_back(*row[0]);
        types.push_back(*row[1]);
    }
}

std::optional<std::string> date_time_zone(std::string_view type_text) {
    type_text = unwrap(unwrap(unwrap(type_text, "LowCardinality("), "Nullable("), "LowCardinality(");
    if (!type_text.starts_with("DateTime") || type_text.starts_with("DateTime64")) {
        return std::nullopt;
    }
    try {
        const Type type = parse_type(type_text);
        if (type.kind == TypeKind::DateTime) {
            return type.timezone;
        }
    } catch (const Error&) {
    }
    return std::nullopt;
}

std::optional<NativeSelect> plan_native_select(std::string_view select, const std::vector<std::string>& names,
                                               const std::vector<std::string>& types,
                                               const NativeTextSupport& support) {
    if (names.size() != types.size() || names.empty() ||
        std::set<std::string>(names.begin(), names.end()).size() != names.size()) {
        return std::nullopt; // the outer SELECT names columns; duplicates cannot be told apart
    }
    NativeSelect plan;
    bool any_wrapped = false;
    std::string items;
    for (std::size_t i = 0; i < types.size(); ++i) {
        std::string_view type_text = types[i];
        // 18.16 sends LowCardinality columns in their dictionary form over HTTP, whatever
        // low_cardinality_allow_in_native_format says, and cannot toString them: they are CAST to their
        // plain type in the outer SELECT (which changes no value's text).
        const bool low_cardinality = type_text.starts_with("LowCardinality(");
        const std::string_view plain_type = unwrap(type_text, "LowCardinality(");
        type_text = unwrap(plain_type, "Nullable(");
        Type type;
        try {
            type = parse_type(plain_type);
        } catch (const Error&) {
            return std::nullopt;
        }
        NativeTextOptions options;
        options.zero_as_zeros = support.zero_as_zeros;
        bool local = has_native_text(type_text);
        if (local) {
            const Type value_type = parse_type(type_text);
            if (value_type.kind == TypeKind::Float32 || value_type.kind == TypeKind::Float64) {
                local = support.floats;
            } else if (value_type.kind == TypeKind::Decimal) {
                local = support.decimal_trailing_zeros.has_value();
                options.decimal_trailing_zeros = support.decimal_trailing_zeros.value_or(true);
            } else if (value_type.kind == TypeKind::DateTime) {
                const auto zone = support.zones.find(value_type.timezone);
                options.zone = zone == support.zones.end() ? nullptr : zone->second;
                local = options.zone != nullptr;
            }
        }
        if (!local && !server_text_is_tsv_text(type)) {
            return std::nullopt;
        }
        std::string item = quote_identifier(names[i]);
        if (low_cardinality) {
            item = "CAST(" + item + ", " + quote_string(plain_type) + ")";
        }
        if (!local) {
            item = "toString(" + item + ")";
        }
        if (low_cardinality || !local) {
            item += " AS " + quote_identifier(names[i]);
            any_wrapped = true;
        }
        items += (i == 0 ? "" : ", ") + item;
        const TypeKind kind = value_type_kind(type_text);
        const bool exact_edges = kind == TypeKind::Date
                                     ? support.exact_date_edges
                                     : kind == TypeKind::DateTime &&
                                           support.exact_edges.contains(parse_type(type_text).timezone);
        const bool edge = local && (kind == TypeKind::Date || kind == TypeKind::DateTime) && !exact_edges;
        plan.edge_type.push_back(edge ? std::string(type_text) : std::string());
        plan.types.push_back(types[i]);
        plan.by_server.push_back(!local);
        plan.options.push_back(std::move(options));
    }
    plan.sql = any_wrapped ? "SELECT " + items + " FROM (" + std::string(select) + ") FORMAT Native"
                           : std::string(select) + " FORMAT Native";
    plan.settings["max_block_size"] = kNativeMaxBlockSize;
    return plan;
}

} // namespace ferry::clickhouse
