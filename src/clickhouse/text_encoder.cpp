#include "clickhouse/text_encoder.h"

#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse {
namespace {

/// The letter of the escape sequence for a byte TabSeparated cannot carry raw, or 0.
char escape_letter(char c) {
    switch (c) {
    case '\t':
        return 't';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\0':
        return '0';
    default:
        return 0;
    }
}

/// A string literal for inside an Array, Tuple or Map literal: backslash escapes, no raw control bytes.
std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (const char letter = escape_letter(c)) {
            out += '\\';
            out += letter;
            continue;
        }
        if (c == '\\' || c == '\'') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

const std::string& first_enum_name(const Type& type) {
    const auto* first = &type.enum_values.front();
    for (const auto& entry : type.enum_values) {
        if (entry.second < first->second) {
            first = &entry;
        }
    }
    return first->first;
}

/// The default as written inside an Array, Tuple or Map literal, unescaped; nullopt when unknown.
/// DateTime defaults are civil times here, read in the column's zone (the epoch only in UTC).
/// Defaults of families the type parser keeps as TypeKind::Other (modern servers' types, which go as text):
/// the value an omitted column or an empty CSV field gets, as defaultValueOfTypeName() prints it on 26.x.
/// `quoted` gives the form inside composite literals. nullopt for families without a known default
/// (AggregateFunction, Object...).
std::optional<std::string> other_default(const Type& type, bool quoted) {
    const std::string_view family = type.family.empty() ? std::string_view(type.text) : type.family;
    if (family == "BFloat16") {
        return "0";
    }
    if (family == "Time" || family == "Time64") {
        return quoted ? "'00:00:00'" : "00:00:00";
    }
    if (family == "JSON") {
        return quoted ? "'{}'" : "{}";
    }
    if (family == "Dynamic" || family == "Variant") {
        return quoted ? "NULL" : "\\N";
    }
    return std::nullopt;
}

std::optional<std::string> quoted_default(const Type& type) {
    switch (type.kind) {
    case TypeKind::Bool:
        return "false";
    case TypeKind::String:
    case TypeKind::FixedString:
        return "''";
    case TypeKind::Date:
    case TypeKind::Date32:
        return "'1970-01-01'";
    case TypeKind::DateTime:
    case TypeKind::DateTime64:
        return "'1970-01-01 00:00:00'";
    case TypeKind::UUID:
        return "'00000000-0000-0000-0000-000000000000'";
    case TypeKind::Enum8:
    case TypeKind::Enum16:
        return type.enum_values.empty() ? std::nullopt : std::optional(quote_literal(first_enum_name(type)));
    case TypeKind::IPv4:
        return "'0.0.0.0'";
    case TypeKind::IPv6:
        return "'::'";
    case TypeKind::Nullable:
        return "NULL";
    case TypeKind::LowCardinality:
        return quoted_default(type.args.at(0));
    case TypeKind::Array:
    case TypeKind::Nested:
        return "[]";
    case TypeKind::Map:
        return "{}";
    case TypeKind::Tuple: {
        std::string out = "(";
        for (std::size_t i = 0; i < type.args.size(); ++i) {
            const auto element = quoted_default(type.args[i]);
            if (!element) {
                return std::nullopt;
            }
            out += (i ? "," : "") + *element;
        }
        return out + ")";
    }
    case TypeKind::Nothing:
        return std::nullopt;
    case TypeKind::Other:
        return other_default(type, true);
    default: // numbers
        return "0";
    }
}

} // namespace

std::optional<std::string> TextEncoder::default_literal(const Type& type) {
    std::string out;
    switch (type.kind) {
    case TypeKind::Nullable:
        return "\\N";
    case TypeKind::LowCardinality:
        return default_literal(type.args.at(0));
    case TypeKind::String:
    case TypeKind::FixedString:
        return "";
    case TypeKind::Date:
    case TypeKind::Date32:
        return "1970-01-01";
    case TypeKind::DateTime:
    case TypeKind::DateTime64:
        return "0000000000"; // a unix time: the epoch in every zone
    case TypeKind::UUID:
        return "00000000-0000-0000-0000-000000000000";
    case TypeKind::Enum8:
    case TypeKind::Enum16:
        if (type.enum_values.empty()) {
            return std::nullopt;
        }
        append_tsv_escaped(first_enum_name(type), out);
        return out;
    case TypeKind::IPv4:
        return "0.0.0.0";
    case TypeKind::IPv6:
        return "::";
    case TypeKind::Other:
        return other_default(type, false);
    default:
        // Numbers, and composite literals (the server reads those unescaped; they hold no raw controls).
        return quoted_default(type);
    }
}

void TextEncoder::append_literal(std::string_view text, std::string& out) {
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote == 0) {
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            }
            out += escape_letter(c) ? ' ' : c; // raw whitespace between elements
            continue;
        }
        if (c == '\\' && i + 1 < text.size()) {
            out += c;
            c = text[++i];
            const char letter = escape_letter(c);
            out += letter ? letter : c; // backslash + raw tab is an escaped tab: keep it one
            continue;
        }
        if (c == quote) {
            quote = 0;
        }
        if (const char letter = escape_letter(c)) {
            out += '\\';
            out += letter;
        } else {
            out += c;
        }
    }
}

TextEncoder::TextEncoder(const std::vector<std::string>& names, const std::vector<Type>& types) {
    columns_.reserve(types.size());
    for (std::size_t i = 0; i < types.size(); ++i) {
        Column column;
        column.name = names.at(i);
        column.type = types[i].text;
        column.codec = ScalarCodec::make(column.name, types[i]);
        const Type* inner = &types[i];
        while (inner->kind == TypeKind::LowCardinality || inner->kind == TypeKind::Nullable) {
            column.nullable = column.nullable || inner->kind == TypeKind::Nullable;
            inner = &inner->args.at(0);
        }
        if (!column.codec) {
            column.default_text = default_literal(*inner);
            column.empty_is_default = inner->kind == TypeKind::Array || inner->kind == TypeKind::Map ||
                                      inner->kind == TypeKind::Nested;
            column.literal = column.empty_is_default || inner->kind == TypeKind::Tuple;
            column.read_twice =
                inner->kind == TypeKind::Other && (inner->family == "Variant" || inner->family == "Dynamic");
        }
        columns_.push_back(std::move(column));
    }
}

void TextEncoder::check_read_twice(const Column& column, std::string_view text) {
    // ClickHouse (26.x) reads a TabSeparated Variant/Dynamic field by unescaping it, then parsing the result
    // as escaped text again: a tab or line break ends the value there, and a backslash escape in a string
    // is applied twice. Array, Map and Tuple literals are parsed once, as literals, so their escapes hold.
    const bool literal = !text.empty() && (text.front() == '[' || text.front() == '{' || text.front() == '(');
    const bool control = text.find_first_of("\t\n\r") != std::string_view::npos;
    if (!control && (literal || text.find('\\') == std::string_view::npos)) {
        return;
    }
    ErrorContext context;
    context.column = column.name;
    context.value = std::string(text);
    throw Error(ErrorKind::Data,
                "column " + column.name + ": '" + printable_value(text) + "' holds a " +
                    (control ? "tab or line break" : "backslash") +
                    ", which ClickHouse cannot load exactly into " + column.type +
                    " from text; load it into a String column instead",
                std::move(context));
}

void TextEncoder::value(std::size_t index, std::string_view text, bool is_null, std::string& out) {
    if (index != 0) {
        out += '\t';
    }
    const Column& column = columns_[index];
    if (column.codec) {
        column.codec->write_text(text, is_null, out);
    } else if (!is_null && !(column.empty_is_default && text.empty())) {
        if (column.read_twice) {
            check_read_twice(column, text);
        }
        if (column.literal) {
            append_literal(text, out);
        } else {
            append_tsv_escaped(text, out);
        }
    } else if (column.nullable) {
        out += "\\N";
    } else if (column.default_text) {
        out += *column.default_text;
    } else {
        ErrorContext context;
        context.column = column.name;
        throw Error(ErrorKind::Data,
                    "column " + column.name + ": a value is required (Ferry knows no default for " +
                        column.type + ")",
                    std::move(context));
    }
}

} // namespace ferry::clickhouse
