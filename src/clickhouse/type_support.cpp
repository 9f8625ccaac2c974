#include "clickhouse/type_support.h"

#include "common/error.h"

namespace ferry::clickhouse {

TypeSupport probe_type_support(HttpClient& client) {
    TypeSupport support;
    try {
        const std::string names = client.query(
            "SELECT name FROM system.data_type_families WHERE name IN ('Bool', 'DateTime64') FORMAT TabSeparated");
        support.bool_type = names.find("Bool") != std::string::npos;
        support.datetime64 = names.find("DateTime64") != std::string::npos;
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Query) {
            throw;
        }
    }
    return support;
}

std::string adapt_type(const std::string& type, const TypeSupport& support) {
    const bool nullable = type.starts_with("Nullable(");
    const std::string base = nullable ? type.substr(9, type.size() - 10) : type;
    std::string adapted = base;
    if (base == "Bool" && !support.bool_type) {
        adapted = "UInt8";
    } else if (base.starts_with("DateTime64") && !support.datetime64) {
        adapted = "String";
    }
    return nullable ? "Nullable(" + adapted + ")" : adapted;
}

} // namespace ferry::clickhouse
