#include "clickhouse/create_table_sql.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "clickhouse/sql.h"
#include "clickhouse/type.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

[[noreturn]] void refuse(const std::string& message) {
    throw Error(ErrorKind::Usage, message);
}

bool is_word(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

std::string render(const Type& type, std::string_view whole) {
    if (!is_word(type.family)) {
        refuse(fmt::format("cannot use type '{}'", printable_value(whole)));
    }
    switch (type.kind) {
    case TypeKind::Other:
    case TypeKind::Tuple:
    case TypeKind::Nested:
    case TypeKind::Nothing:
        refuse(fmt::format("type '{}' is not offered for new tables; use a plain type such as String, Int64, "
                           "Float64, Decimal(P, S), Date, DateTime, optionally in Nullable(...), "
                           "LowCardinality(...), Array(...) or Map(K, V)",
                           printable_value(whole)));
    case TypeKind::FixedString:
        return fmt::format("FixedString({})", type.length);
    case TypeKind::DateTime:
        return type.timezone.empty() ? "DateTime" : fmt::format("DateTime({})", quote_string(type.timezone));
    case TypeKind::DateTime64:
        return type.timezone.empty() ? fmt::format("DateTime64({})", type.precision)
                                     : fmt::format("DateTime64({}, {})", type.precision, quote_string(type.timezone));
    case TypeKind::Decimal:
        return fmt::format("Decimal({}, {})", type.precision, type.scale);
    case TypeKind::Enum8:
    case TypeKind::Enum16: {
        std::string out = type.kind == TypeKind::Enum8 ? "Enum8(" : "Enum16(";
        for (std::size_t i = 0; i < type.enum_values.size(); ++i) {
            out += fmt::format("{}{} = {}", i ? ", " : "", quote_string(type.enum_values[i].first),
                               type.enum_values[i].second);
        }
        return out + ")";
    }
    case TypeKind::Nullable:
    case TypeKind::LowCardinality:
    case TypeKind::Array:
        if (type.args.size() != 1) {
            refuse(fmt::format("cannot use type '{}'", printable_value(whole)));
        }
        return fmt::format("{}({})", type.family, render(type.args[0], whole));
    case TypeKind::Map:
        if (type.args.size() != 2) {
            refuse(fmt::format("cannot use type '{}'", printable_value(whole)));
        }
        return fmt::format("Map({}, {})", render(type.args[0], whole), render(type.args[1], whole));
    default:
        return type.family; // a scalar: the family is the whole type
    }
}

const ColumnDefinition* find_column(const std::vector<ColumnDefinition>& columns, std::string_view name) {
    const auto it = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
    return it == columns.end() ? nullptr : &*it;
}

std::string column_names(const std::vector<ColumnDefinition>& columns) {
    std::string out;
    for (const auto& column : columns) {
        out += (out.empty() ? "" : ", ") + column.name;
    }
    return out;
}

} // namespace

const std::vector<std::string>& creatable_engines() {
    static const std::vector<std::string> engines{"MergeTree", "ReplacingMergeTree", "SummingMergeTree",
                                                  "AggregatingMergeTree"};
    return engines;
}

const std::vector<std::string>& partition_functions() {
    static const std::vector<std::string> functions{
        "toYYYYMM",       "toYYYYMMDD",       "toYear",        "toMonth",         "toDayOfMonth",
        "toDate",         "toMonday",         "toStartOfMonth", "toStartOfQuarter", "toStartOfYear",
        "toStartOfWeek",  "toStartOfDay",     "toStartOfHour", "toQuarter",       "toDayOfWeek",
        "toHour",         "intDiv",           "modulo",        "cityHash64",      "sipHash64",
        "murmurHash3_32", "xxHash32",         "tuple",         "toUInt8",         "toUInt16",
        "toUInt32",       "toUInt64",         "toInt32",       "toInt64",         "toString",
        "lower",          "upper",            "substring",     "left",            "right",
        "length",         "abs"};
    return functions;
}

std::string safe_type_sql(std::string_view type) {
    if (type.empty()) {
        refuse("a column needs a type");
    }
    Type parsed;
    try {
        parsed = parse_type(type);
    } catch (const Error& error) {
        refuse(fmt::format("'{}' is not a ClickHouse type", printable_value(type)));
    }
    return render(parsed, type);
}

std::string partition_expression_sql(std::string_view expression, const std::vector<ColumnDefinition>& columns) {
    const auto& functions = partition_functions();
    const auto explain = [&](const std::string& problem) {
        return fmt::format("PARTITION BY '{}': {}. Accepted: column names, functions such as toYYYYMM(date), "
                           "toDate(ts), intDiv(id, 1000000), integers, + - * / % and parentheses",
                           printable_value(expression), problem);
    };
    std::string out;
    int depth = 0;
    std::size_t i = 0;
    bool expect_operand = true; // after an operator, '(' or ',' (or at the start)
    while (i < expression.size()) {
        const char c = expression[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '`') {
            std::string name;
            if (c == '`') {
                const auto end = expression.find('`', i + 1);
                if (end == std::string_view::npos) {
                    refuse(explain("an unclosed `"));
                }
                name = std::string(expression.substr(i + 1, end - i - 1));
                i = end + 1;
            } else {
                while (i < expression.size() &&
                       (std::isalnum(static_cast<unsigned char>(expression[i])) || expression[i] == '_')) {
                    name += expression[i++];
                }
            }
            std::size_t next = i;
            while (next < expression.size() && std::isspace(static_cast<unsigned char>(expression[next]))) {
                ++next;
            }
            const bool call = c != '`' && next < expression.size() && expression[next] == '(';
            if (!expect_operand) {
                refuse(explain(fmt::format("'{}' follows a value without an operator", printable_value(name))));
            }
            if (call) {
                if (std::find(functions.begin(), functions.end(), name) == functions.end()) {
                    refuse(explain(fmt::format("function '{}' is not accepted", printable_value(name))));
                }
                out += name;
            } else {
                if (find_column(columns, name) == nullptr) {
                    refuse(explain(fmt::format("'{}' is not a column of the table (columns: {})",
                                               printable_value(name), column_names(columns))));
                }
                out += quote_identifier(name);
                expect_operand = false;
            }
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            if (!expect_operand) {
                refuse(explain("a number follows a value without an operator"));
            }
            while (i < expression.size() && std::isdigit(static_cast<unsigned char>(expression[i]))) {
                out += expression[i++];
            }
            expect_operand = false;
            continue;
        }
        if (c == '(') {
            ++depth;
            out += '(';
            expect_operand = true;
        } else if (c == ')') {
            if (--depth < 0) {
                refuse(explain("a ')' without its '('"));
            }
            out += ')';
            expect_operand = false;
        } else if (c == ',') {
            if (depth == 0) {
                refuse(explain("a ',' outside parentheses"));
            }
            out += ", ";
            expect_operand = true;
        } else if (std::string_view("+-*/%").find(c) != std::string_view::npos) {
            // Two characters in a row could start a comment ("--", "/*"): never emitted, since an operator
            // always needs an operand after it.
            if (expect_operand) {
                refuse(explain(fmt::format("'{}' needs a value before it", c)));
            }
            out += fmt::format(" {} ", c);
            expect_operand = true;
        } else {
            refuse(explain(fmt::format("'{}' is not accepted", printable_value(std::string_view(&c, 1)))));
        }
        ++i;
    }
    if (depth != 0) {
        refuse(explain("a '(' without its ')'"));
    }
    if (expect_operand && !out.empty()) {
        refuse(explain("it ends without a value"));
    }
    return out;
}

std::string create_table_sql(const TableDefinition& definition) {
    if (definition.table.empty()) {
        refuse("the new table needs a name");
    }
    if (definition.columns.empty()) {
        refuse(fmt::format("cannot create table '{}' without columns", printable_value(definition.table)));
    }
    std::set<std::string> seen;
    std::string columns;
    for (const auto& column : definition.columns) {
        if (column.name.empty()) {
            refuse("every column of the new table needs a name");
        }
        if (!seen.insert(column.name).second) {
            refuse(fmt::format("column name '{}' is used twice", printable_value(column.name)));
        }
        std::string type;
        try {
            type = safe_type_sql(column.type);
        } catch (const Error& error) {
            refuse(fmt::format("column '{}': {}", printable_value(column.name), error.what()));
        }
        columns += fmt::format("{}{} {}", columns.empty() ? "" : ", ", quote_identifier(column.name), type);
    }

    const std::string engine = definition.engine.empty() ? "MergeTree" : definition.engine;
    const auto& engines = creatable_engines();
    if (std::find(engines.begin(), engines.end(), engine) == engines.end()) {
        refuse(fmt::format("engine '{}' is not offered; choose one of MergeTree, ReplacingMergeTree, "
                           "SummingMergeTree, AggregatingMergeTree",
                           printable_value(engine)));
    }

    std::string order_by;
    for (const auto& name : definition.order_by) {
        const auto* column = find_column(definition.columns, name);
        if (column == nullptr) {
            refuse(fmt::format("ORDER BY '{}' is not a column of the new table (columns: {})", printable_value(name),
                               column_names(definition.columns)));
        }
        if (column->type.starts_with("Nullable(")) {
            refuse(fmt::format("ORDER BY '{}': a Nullable column cannot be in the sorting key; make it "
                               "non-Nullable or sort by other columns",
                               printable_value(name)));
        }
        order_by += (order_by.empty() ? "" : ", ") + quote_identifier(name);
    }
    if (order_by.empty()) {
        order_by = "tuple()";
    } else if (definition.order_by.size() > 1) {
        order_by = "(" + order_by + ")";
    }

    std::string sql = fmt::format("CREATE TABLE {}{} ({}) ENGINE = {}", definition.if_not_exists ? "IF NOT EXISTS " : "",
                                  quote_identifier(definition.table), columns, engine);
    if (!definition.partition_by.empty()) {
        const auto partition = partition_expression_sql(definition.partition_by, definition.columns);
        if (!partition.empty()) {
            sql += " PARTITION BY " + partition;
        }
    }
    return sql + " ORDER BY " + order_by;
}

} // namespace ferry::clickhouse
