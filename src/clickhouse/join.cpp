#include "clickhouse/join.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "clickhouse/sql.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

// ---------------------------------------------------------------------------------------------------------
// Tokenizer

enum class TokenKind { Word, Quoted, Dot, Equals, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;         ///< identifier (unescaped for Quoted) or the symbol
    std::size_t position = 0; ///< 1-based offset in the input
};

/// What is being parsed, for error messages: "join", "column name" or "join type".
struct ParseError {
    std::string_view subject;
    [[noreturn]] void operator()(std::size_t position, const std::string& what) const {
        throw Error(ErrorKind::Usage,
                    fmt::format("cannot parse {} at position {}: {}", subject, position, what));
    }
};

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

/// Splits join text into identifiers, dots and equal signs. Anything else is rejected here, with a reason
/// for the characters people are most likely to try (statement separators, comments, other operators).
class Tokenizer {
public:
    Tokenizer(std::string_view text, ParseError fail) : text_(text), fail(fail) {}

    std::vector<Token> tokenize() {
        std::vector<Token> tokens;
        while (true) {
            skip_space();
            if (pos_ >= text_.size()) {
                tokens.push_back({TokenKind::End, "", pos_ + 1});
                return tokens;
            }
            tokens.push_back(next());
        }
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
            ++pos_;
        }
    }

    Token next() {
        const std::size_t start = pos_;
        const char c = text_[pos_];
        if (is_word_start(c)) {
            while (pos_ < text_.size() && is_word_char(text_[pos_])) {
                ++pos_;
            }
            return {TokenKind::Word, std::string(text_.substr(start, pos_ - start)), start + 1};
        }
        if (c == '`') {
            return quoted();
        }
        if (c == '.' || c == '=') {
            ++pos_;
            return {c == '.' ? TokenKind::Dot : TokenKind::Equals, std::string(1, c), start + 1};
        }
        const std::string_view rest = text_.substr(pos_);
        if (c == ';') {
            fail(start + 1, "';' is not allowed: a join is one clause, not a statement");
        }
        if (rest.starts_with("--") || rest.starts_with("/*") || c == '#') {
            fail(start + 1, "comments are not allowed");
        }
        if (rest.starts_with("==") || rest.starts_with("!=") || rest.starts_with("<>") || c == '<' ||
            c == '>') {
            fail(start + 1, "only '=' comparisons are supported");
        }
        fail(start + 1, fmt::format("unexpected character '{}'", printable_value(rest.substr(0, 1))));
    }

    /// `name` with \` and \\ (and the other escapes quote_identifier writes) unescaped.
    Token quoted() {
        const std::size_t start = pos_;
        ++pos_;
        std::string name;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '`') {
                if (name.empty()) {
                    fail(start + 1, "empty quoted name");
                }
                return {TokenKind::Quoted, std::move(name), start + 1};
            }
            if (c != '\\') {
                name += c;
                continue;
            }
            if (pos_ >= text_.size()) {
                break;
            }
            const char e = text_[pos_++];
            switch (e) {
            case 'n':
                name += '\n';
                break;
            case 't':
                name += '\t';
                break;
            case 'r':
                name += '\r';
                break;
            case '0':
                name += '\0';
                break;
            case 'b':
                name += '\b';
                break;
            case 'f':
                name += '\f';
                break;
            case 'x':
                name += hex_byte(pos_ - 2);
                break;
            default:
                name += e; // \` \\ and any other escaped character stand for themselves
            }
        }
        fail(start + 1, "unterminated quoted name (missing closing '`')");
    }

    char hex_byte(std::size_t escape_start) {
        auto digit = [](char c) -> int {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        };
        if (pos_ + 2 > text_.size() || digit(text_[pos_]) < 0 || digit(text_[pos_ + 1]) < 0) {
            fail(escape_start + 1, "bad \\x escape: two hex digits expected");
        }
        const int value = digit(text_[pos_]) * 16 + digit(text_[pos_ + 1]);
        pos_ += 2;
        return static_cast<char>(value);
    }

    std::string_view text_;
    ParseError fail;
    std::size_t pos_ = 0;
};

std::string describe(const Token& token) {
    switch (token.kind) {
    case TokenKind::End:
        return "the end of the text";
    case TokenKind::Quoted:
        return "`" + printable_value(token.text, 40) + "`";
    default:
        return "'" + printable_value(token.text, 40) + "'";
    }
}

// ---------------------------------------------------------------------------------------------------------
// Parser

class Parser {
public:
    Parser(std::string_view text, std::string_view subject)
        : fail{subject}, tokens_(Tokenizer(text, fail).tokenize()) {}

    Join join() {
        Join join;
        join.type = join_type();
        join.table = identifier("a table name after JOIN");
        if (!keyword("ON")) {
            fail(peek().position, "expected ON after the table name, found " + describe(peek()));
        }
        join.on.push_back(condition());
        while (keyword("AND")) {
            join.on.push_back(condition());
        }
        if (peek().kind != TokenKind::End) {
            if (is_keyword(peek(), "OR")) {
                fail(peek().position, "OR is not supported: conditions are equalities joined by AND");
            }
            fail(peek().position, "expected AND or the end of the join, found " + describe(peek()));
        }
        return join;
    }

    ColumnRef column_ref_only() {
        ColumnRef ref = column_ref();
        if (peek().kind != TokenKind::End) {
            fail(peek().position, "expected the end of the column name, found " + describe(peek()));
        }
        return ref;
    }

    JoinType join_type_only() {
        const Token& first = peek();
        JoinType type = JoinType::Inner;
        if (!type_keyword(type)) {
            fail(first.position, "expected INNER, LEFT, RIGHT or FULL, found " + describe(first));
        }
        if (type != JoinType::Inner) {
            keyword("OUTER");
        }
        keyword("JOIN");
        if (peek().kind != TokenKind::End) {
            fail(peek().position, "expected the end of the join type, found " + describe(peek()));
        }
        return type;
    }

private:
    const Token& peek() const { return tokens_[index_]; }
    const Token& take() {
        const Token& token = tokens_[index_];
        if (token.kind != TokenKind::End) {
            ++index_;
        }
        return token;
    }

    static bool is_keyword(const Token& token, std::string_view word) {
        return token.kind == TokenKind::Word && upper(token.text) == word;
    }

    bool keyword(std::string_view word) {
        if (is_keyword(peek(), word)) {
            take();
            return true;
        }
        return false;
    }

    bool type_keyword(JoinType& type) {
        static const std::map<std::string, JoinType> kTypes = {{"INNER", JoinType::Inner},
                                                               {"LEFT", JoinType::Left},
                                                               {"RIGHT", JoinType::Right},
                                                               {"FULL", JoinType::Full}};
        if (peek().kind != TokenKind::Word) {
            return false;
        }
        const auto it = kTypes.find(upper(peek().text));
        if (it == kTypes.end()) {
            return false;
        }
        type = it->second;
        take();
        return true;
    }

    JoinType join_type() {
        JoinType type = JoinType::Inner;
        const bool explicit_type = type_keyword(type);
        if (explicit_type && type != JoinType::Inner) {
            keyword("OUTER");
        }
        if (!keyword("JOIN")) {
            fail(peek().position, std::string(explicit_type ? "expected JOIN"
                                                            : "expected INNER, LEFT, RIGHT or "
                                                              "FULL JOIN") +
                                      ", found " + describe(peek()));
        }
        return type;
    }

    std::string identifier(std::string_view what) {
        const Token& token = peek();
        if (token.kind != TokenKind::Word && token.kind != TokenKind::Quoted) {
            fail(token.position, fmt::format("expected {}, found {}", what, describe(token)));
        }
        return take().text;
    }

    ColumnRef column_ref() {
        std::string first = identifier("a column name");
        if (peek().kind != TokenKind::Dot) {
            return {"", std::move(first)};
        }
        take();
        return {std::move(first), identifier("a column name after '.'")};
    }

    std::pair<ColumnRef, ColumnRef> condition() {
        ColumnRef left = column_ref();
        if (peek().kind != TokenKind::Equals) {
            fail(peek().position, "expected '=' after the column name, found " + describe(peek()));
        }
        take();
        return {std::move(left), column_ref()};
    }

    ParseError fail;
    std::vector<Token> tokens_;
    std::size_t index_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// SELECT builder

[[noreturn]] void usage(const std::string& message) {
    throw Error(ErrorKind::Usage, message);
}

std::string ref_text(const ColumnRef& ref) {
    return ref.table.empty() ? ref.column : ref.table + "." + ref.column;
}

/// Key columns of one join, ordered (earlier table, joined table) as ClickHouse 18.x requires.
struct KeyPair {
    ColumnRef left;
    ColumnRef right;
    std::string left_alias;
    std::string right_alias;
};

/// One source column a wrapped table exposes, under a unique alias.
struct Projection {
    std::string column;
    std::string alias;
};

struct SelectedColumn {
    ColumnRef ref;
    std::string alias;  ///< internal, unique in the whole query
    std::string output; ///< the result column name
};

/// The query as the builder sees it: every table, the wrapped projections, keys and selected columns.
class JoinQuery {
public:
    JoinQuery(std::string_view base_table, const std::vector<Join>& joins) : joins_(joins) {
        add_table(std::string(base_table));
        for (const Join& join : joins) {
            add_table(join.table);
        }
    }

    /// `SELECT * FROM base AS base JOIN t AS t ON base.x = t.y ...`: the caller gave no columns, so the
    /// query cannot be wrapped (see build_select). ClickHouse 18.x runs this for one INNER or LEFT join.
    std::string select_star() {
        std::string sql = "SELECT * FROM " + table_as(0);
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            sql += " " + join_keyword(joins_[i].type) + " " + table_as(i + 1) + " ON ";
            const auto keys = key_pairs(i);
            for (std::size_t k = 0; k < keys.size(); ++k) {
                sql += (k ? " AND " : "") + keys[k].left.sql() + " = " + keys[k].right.sql();
            }
        }
        return sql;
    }

    std::string select(const std::vector<std::string>& column_texts) {
        std::vector<std::vector<KeyPair>> keys;
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            keys.push_back(key_pairs(i));
        }
        const auto selected = select_columns(column_texts);
        for (const auto& column : selected) {
            projections_[table_index(column.ref.table)].push_back({column.ref.column, column.alias});
        }

        std::string from = wrapped_table(0);
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            const std::size_t level = i + 1;
            std::string join_sql =
                from + " " + join_keyword(joins_[i].type) + " " + wrapped_table(level) + " ON ";
            for (std::size_t k = 0; k < keys[i].size(); ++k) {
                join_sql += (k ? " AND " : "") + quote_identifier(keys[i][k].left_alias) + " = " +
                            quote_identifier(keys[i][k].right_alias);
            }
            if (level == joins_.size()) {
                std::string sql = "SELECT ";
                for (std::size_t c = 0; c < selected.size(); ++c) {
                    sql += (c ? ", " : "") + quote_identifier(selected[c].alias) + " AS " +
                           quote_identifier(selected[c].output);
                }
                return sql + " FROM " + join_sql;
            }
            // ClickHouse 18.x runs one JOIN per SELECT, so each further join wraps the ones before it. The
            // wrapper passes on the selected columns of the tables joined so far and the keys later joins
            // use.
            std::vector<std::string> carried;
            for (const auto& column : selected) {
                if (table_index(column.ref.table) <= level) {
                    carried.push_back(column.alias);
                }
            }
            for (std::size_t later = i + 1; later < joins_.size(); ++later) {
                for (const auto& key : keys[later]) {
                    if (table_index(key.left.table) <= level) {
                        carried.push_back(key.left_alias);
                    }
                }
            }
            std::string wrapper = "(SELECT ";
            for (std::size_t c = 0; c < carried.size(); ++c) {
                wrapper += (c ? ", " : "") + quote_identifier(carried[c]);
            }
            from =
                wrapper + " FROM " + join_sql + ") AS " + quote_identifier(fmt::format("__ferry_j{}", level));
        }
        return from; // unreachable: there is at least one join
    }

private:
    void add_table(std::string name) {
        if (name.empty()) {
            usage("a table name is empty");
        }
        if (table_index_.contains(name)) {
            usage(fmt::format("table '{}' appears twice; joining a table with itself is not supported",
                              printable_value(name)));
        }
        table_index_[name] = tables_.size();
        tables_.push_back(std::move(name));
        projections_.emplace_back();
    }

    std::size_t table_index(const std::string& table) const { return table_index_.at(table); }

    std::string table_as(std::size_t index) const {
        return quote_identifier(tables_[index]) + " AS " + quote_identifier(tables_[index]);
    }

    /// (SELECT `col` AS `alias`, ... FROM `table`) AS `table`
    std::string wrapped_table(std::size_t index) const {
        std::string sql = "(SELECT ";
        const auto& projections = projections_[index];
        for (std::size_t i = 0; i < projections.size(); ++i) {
            sql += (i ? ", " : "") + quote_identifier(projections[i].column) + " AS " +
                   quote_identifier(projections[i].alias);
        }
        return sql + " FROM " + quote_identifier(tables_[index]) + ") AS " + quote_identifier(tables_[index]);
    }

    static std::string join_keyword(JoinType type) {
        // Explicit ALL: standard SQL semantics even where a server sets join_default_strictness.
        return "ALL " + std::string(to_string(type)) + " JOIN";
    }

    /// Checks the ON conditions of join `i` and orders each pair (earlier table, joined table). Every key
    /// operand gets its own alias: ClickHouse 18.x drops the right key column of RIGHT and FULL joins and
    /// fills the left key of unmatched right rows with the right key, so key copies must not double as the
    /// selected columns.
    std::vector<KeyPair> key_pairs(std::size_t i) {
        const Join& join = joins_[i];
        const std::size_t level = i + 1;
        if (join.on.empty()) {
            usage(fmt::format("the join of '{}' has no ON condition", printable_value(join.table)));
        }
        std::vector<KeyPair> pairs;
        for (const auto& [a, b] : join.on) {
            for (const ColumnRef* ref : {&a, &b}) {
                if (ref->table.empty()) {
                    usage(fmt::format("name the table of '{}' in the ON condition of the join of '{}' "
                                      "(table.column)",
                                      printable_value(ref->column), printable_value(join.table)));
                }
                const auto it = table_index_.find(ref->table);
                if (it == table_index_.end() || it->second > level) {
                    usage(fmt::format("the ON condition of the join of '{}' uses table '{}', which is not "
                                      "joined before it",
                                      printable_value(join.table), printable_value(ref->table)));
                }
            }
            const bool a_is_new = table_index(a.table) == level;
            const bool b_is_new = table_index(b.table) == level;
            if (a_is_new == b_is_new) {
                usage(
                    fmt::format("each ON condition of the join of '{}' must compare a column of '{}' with a "
                                "column of an earlier table: {} = {}",
                                printable_value(join.table), printable_value(join.table),
                                printable_value(ref_text(a)), printable_value(ref_text(b))));
            }
            KeyPair pair{a_is_new ? b : a, a_is_new ? a : b, next_alias("k"), next_alias("k")};
            projections_[table_index(pair.left.table)].push_back({pair.left.column, pair.left_alias});
            projections_[level].push_back({pair.right.column, pair.right_alias});
            pairs.push_back(std::move(pair));
        }
        return pairs;
    }

    std::vector<SelectedColumn> select_columns(const std::vector<std::string>& column_texts) {
        std::vector<SelectedColumn> selected;
        std::set<std::pair<std::string, std::string>> seen;
        std::map<std::string, int> name_count;
        for (const auto& text : column_texts) {
            ColumnRef ref = parse_column_ref(text);
            if (ref.table.empty()) {
                usage(fmt::format(
                    "name the table of column '{}' (table.column): the query joins several tables",
                    printable_value(ref.column)));
            }
            if (!table_index_.contains(ref.table)) {
                usage(fmt::format("column '{}' names table '{}', which is not in the query",
                                  printable_value(ref_text(ref)), printable_value(ref.table)));
            }
            if (!seen.insert({ref.table, ref.column}).second) {
                usage(fmt::format("column '{}' is selected twice", printable_value(ref_text(ref))));
            }
            ++name_count[ref.column];
            selected.push_back({std::move(ref), next_alias("v"), ""});
        }
        std::set<std::string> outputs;
        for (auto& column : selected) {
            column.output = name_count[column.ref.column] > 1 ? ref_text(column.ref) : column.ref.column;
            if (!outputs.insert(column.output).second) {
                usage(fmt::format("two selected columns would both be named '{}'",
                                  printable_value(column.output)));
            }
        }
        return selected;
    }

    /// Internal column names; unique in the query and unlike any name a user is likely to pick.
    std::string next_alias(std::string_view kind) {
        return fmt::format("__ferry_{}{}", kind, alias_count_++);
    }

    const std::vector<Join>& joins_;
    std::vector<std::string> tables_;
    std::map<std::string, std::size_t> table_index_;
    std::vector<std::vector<Projection>> projections_;
    std::size_t alias_count_ = 0;
};

std::string select_single_table(std::string_view base_table, const std::vector<std::string>& columns) {
    if (base_table.empty()) {
        usage("a table name is empty");
    }
    if (columns.empty()) {
        return "SELECT * FROM " + quote_identifier(base_table);
    }
    std::string sql = "SELECT ";
    std::set<std::string> seen;
    for (const auto& text : columns) {
        const ColumnRef ref = parse_column_ref(text);
        if (!ref.table.empty() && ref.table != base_table) {
            usage(fmt::format("column '{}' names table '{}', which is not in the query",
                              printable_value(text), printable_value(ref.table)));
        }
        if (!seen.insert(ref.column).second) {
            usage(fmt::format("column '{}' is selected twice", printable_value(ref.column)));
        }
        sql += (seen.size() > 1 ? ", " : "") + quote_identifier(ref.column);
    }
    return sql + " FROM " + quote_identifier(base_table);
}

} // namespace

std::string ColumnRef::sql() const {
    return table.empty() ? quote_identifier(column)
                         : quote_identifier(table) + "." + quote_identifier(column);
}

Join parse_join(std::string_view text) {
    return Parser(text, "join").join();
}

JoinType parse_join_type(std::string_view text) {
    return Parser(text, "join type").join_type_only();
}

std::string_view to_string(JoinType type) {
    switch (type) {
    case JoinType::Inner:
        return "INNER";
    case JoinType::Left:
        return "LEFT";
    case JoinType::Right:
        return "RIGHT";
    case JoinType::Full:
        return "FULL";
    }
    return "INNER";
}

ColumnRef parse_column_ref(std::string_view text) {
    return Parser(text, "column name").column_ref_only();
}

std::string build_select(std::string_view base_table, const std::vector<Join>& joins,
                         const std::vector<std::string>& columns, std::size_t limit) {
    std::string sql;
    if (joins.empty()) {
        sql = select_single_table(base_table, columns);
    } else {
        JoinQuery query(base_table, joins);
        sql = columns.empty() ? query.select_star() : query.select(columns);
    }
    if (limit > 0) {
        sql += " LIMIT " + std::to_string(limit);
    }
    return sql;
}

} // namespace ferry::clickhouse
