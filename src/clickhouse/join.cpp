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

enum class TokenKind { Word, Quoted, Dot, Equals, Compare, LParen, RParen, Comma, End };

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
        const std::string_view rest = text_.substr(pos_);
        if (rest.starts_with("==") || rest.starts_with("!=") || rest.starts_with("<>")) {
            fail(start + 1, "only '=' comparisons are supported (and one of >=, >, <=, < in an ASOF join)");
        }
        if (rest.starts_with(">=") || rest.starts_with("<=")) {
            pos_ += 2;
            return {TokenKind::Compare, std::string(rest.substr(0, 2)), start + 1};
        }
        static const std::map<char, TokenKind> kSymbols = {{'.', TokenKind::Dot},    {'=', TokenKind::Equals},
                                                           {'<', TokenKind::Compare}, {'>', TokenKind::Compare},
                                                           {'(', TokenKind::LParen},  {')', TokenKind::RParen},
                                                           {',', TokenKind::Comma}};
        if (const auto it = kSymbols.find(c); it != kSymbols.end()) {
            ++pos_;
            return {it->second, std::string(1, c), start + 1};
        }
        if (c == ';') {
            fail(start + 1, "';' is not allowed: a join is one clause, not a statement");
        }
        if (rest.starts_with("--") || rest.starts_with("/*") || c == '#') {
            fail(start + 1, "comments are not allowed");
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
        join_type(join, true);
        join.table = identifier("a table name after JOIN");
        if (join.type == JoinType::Cross) {
            if (peek().kind != TokenKind::End) {
                fail(peek().position, "a CROSS JOIN has no condition; found " + describe(peek()));
            }
            return join;
        }
        if (keyword("USING")) {
            using_list(join);
        } else if (keyword("ON")) {
            condition(join);
            while (keyword("AND")) {
                condition(join);
            }
        } else {
            fail(peek().position, "expected ON or USING after the table name, found " + describe(peek()));
        }
        if (peek().kind != TokenKind::End) {
            if (is_keyword(peek(), "OR")) {
                fail(peek().position, "OR is not supported: conditions are equalities joined by AND");
            }
            fail(peek().position, "expected AND or the end of the join, found " + describe(peek()));
        }
        if (join.strictness == JoinStrictness::Asof && (!join.asof || join.on.empty())) {
            fail(peek().position, "an ASOF join needs ON with at least one equality and one inequality "
                                  "(a.k = b.k AND a.time >= b.time)");
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

    void join_type_only(Join& join) {
        join_type(join, false);
        if (peek().kind != TokenKind::End) {
            fail(peek().position, "expected the end of the join type, found " + describe(peek()));
        }
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

    /// The words before JOIN: a kind (INNER, LEFT, RIGHT, FULL, CROSS; OUTER after the outer ones) and a
    /// strictness (ALL, ANY, SEMI, ANTI, ASOF), in either order, as ClickHouse accepts them.
    void join_type(Join& join, bool need_join_word) {
        static const std::map<std::string, JoinType> kKinds = {{"INNER", JoinType::Inner},
                                                               {"LEFT", JoinType::Left},
                                                               {"RIGHT", JoinType::Right},
                                                               {"FULL", JoinType::Full},
                                                               {"CROSS", JoinType::Cross}};
        static const std::map<std::string, JoinStrictness> kStrictness = {{"ALL", JoinStrictness::All},
                                                                          {"ANY", JoinStrictness::Any},
                                                                          {"SEMI", JoinStrictness::Semi},
                                                                          {"ANTI", JoinStrictness::Anti},
                                                                          {"ASOF", JoinStrictness::Asof}};
        const std::size_t start = peek().position;
        std::optional<JoinType> kind;
        std::optional<JoinStrictness> strictness;
        bool outer = false;
        while (peek().kind == TokenKind::Word) {
            const std::string word = upper(peek().text);
            if (const auto it = kKinds.find(word); it != kKinds.end() && !kind) {
                kind = it->second;
            } else if (const auto st = kStrictness.find(word); st != kStrictness.end() && !strictness) {
                strictness = st->second;
            } else if (word == "OUTER" && !outer) {
                outer = true;
            } else {
                break;
            }
            take();
        }
        const bool has_join = keyword("JOIN");
        if (need_join_word && !has_join) {
            fail(peek().position,
                 std::string(kind || strictness ? "expected JOIN" : "expected INNER, LEFT, RIGHT, FULL or CROSS JOIN") +
                     ", found " + describe(peek()));
        }
        if (!need_join_word && !kind && !strictness) {
            fail(start, "expected INNER, LEFT, RIGHT, FULL, CROSS, LEFT SEMI, LEFT ANTI, ASOF ..., found " +
                            describe(peek()));
        }
        join.type = kind.value_or(JoinType::Inner);
        join.strictness = strictness.value_or(JoinStrictness::All);
        const auto refuse = [&](const std::string& why) { fail(start, why); };
        if (outer && join.type != JoinType::Left && join.type != JoinType::Right && join.type != JoinType::Full) {
            refuse("OUTER goes with LEFT, RIGHT or FULL");
        }
        if (join.type == JoinType::Cross && strictness) {
            refuse("a CROSS JOIN takes no ALL, ANY, SEMI, ANTI or ASOF");
        }
        if ((join.strictness == JoinStrictness::Semi || join.strictness == JoinStrictness::Anti) &&
            join.type != JoinType::Left && join.type != JoinType::Right) {
            refuse(fmt::format("say LEFT {0} JOIN (rows of the earlier tables) or RIGHT {0} JOIN (rows of the "
                               "joined table)",
                               to_string(join.strictness)));
        }
        if (join.strictness == JoinStrictness::Asof && join.type != JoinType::Inner &&
            join.type != JoinType::Left) {
            refuse("an ASOF join is INNER (ASOF JOIN) or LEFT (ASOF LEFT JOIN)");
        }
        if (join.strictness == JoinStrictness::Any && join.type == JoinType::Full) {
            refuse("ClickHouse has no ANY FULL JOIN: use FULL JOIN (ALL)");
        }
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

    /// USING (a, b) or USING a
    void using_list(Join& join) {
        if (join.strictness == JoinStrictness::Asof) {
            fail(peek().position, "an ASOF join needs ON (a.k = b.k AND a.time >= b.time), not USING");
        }
        const bool parenthesized = peek().kind == TokenKind::LParen;
        if (parenthesized) {
            take();
        }
        join.using_columns.push_back(identifier("a column name after USING"));
        while (parenthesized && peek().kind == TokenKind::Comma) {
            take();
            join.using_columns.push_back(identifier("a column name after ','"));
        }
        if (parenthesized) {
            if (peek().kind != TokenKind::RParen) {
                fail(peek().position, "expected ',' or ')' in the USING list, found " + describe(peek()));
            }
            take();
        }
    }

    void condition(Join& join) {
        ColumnRef left = column_ref();
        const Token op = peek();
        if (op.kind == TokenKind::Compare) {
            if (join.strictness != JoinStrictness::Asof) {
                fail(op.position, "only '=' comparisons are supported (and one of >=, >, <=, < in an ASOF join)");
            }
            if (join.asof) {
                fail(op.position, "an ASOF join takes one inequality");
            }
            take();
            join.asof = AsofCondition{std::move(left), op.text, column_ref()};
            return;
        }
        if (op.kind != TokenKind::Equals) {
            fail(op.position, "expected '=' after the column name, found " + describe(op));
        }
        take();
        join.on.emplace_back(std::move(left), column_ref());
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

/// Key columns of one join, ordered (earlier table, joined table) as ClickHouse 18.x requires. `op` is "="
/// for the equalities, the inequality of an ASOF join otherwise (written left op right).
struct KeyPair {
    ColumnRef left;
    ColumnRef right;
    std::string left_alias;
    std::string right_alias;
    std::string op = "=";
};

/// One source column a wrapped table exposes, under a unique alias.
struct Projection {
    std::string column;
    std::string alias;
    bool nullable = false; ///< read as toNullable(column)
};

struct SelectedColumn {
    ColumnRef ref;
    std::string alias;  ///< internal, unique in the whole query
    std::string output; ///< the result column name
};

constexpr std::size_t kNever = static_cast<std::size_t>(-1);

bool is_semi_or_anti(const Join& join) {
    return join.strictness == JoinStrictness::Semi || join.strictness == JoinStrictness::Anti;
}

/// "(a, b)" for several names, "a" for one.
std::string tuple_of(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? ", " : "") + items[i];
    }
    return items.size() == 1 ? out : "(" + out + ")";
}

/// isNotNull(a) AND isNotNull(b): a NULL key matches nothing, as in a join.
std::string not_null(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? " AND " : "") + ("isNotNull(" + items[i] + ")");
    }
    return out;
}

/// The query as the builder sees it: every table, the wrapped projections, keys and selected columns.
class JoinQuery {
public:
    JoinQuery(std::string_view base_table, const std::vector<Join>& joins, const JoinOptions& options)
        : joins_(joins), options_(options) {
        add_table(std::string(base_table));
        for (const Join& join : joins) {
            add_table(join.table);
        }
        // Which tables a SEMI or ANTI join leaves out of its result (from then on, their columns cannot be
        // selected or used by later joins).
        gone_at_.assign(tables_.size(), kNever);
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            const std::size_t level = i + 1;
            check_supported(joins_[i]);
            if (!is_semi_or_anti(joins_[i])) {
                continue;
            }
            if (joins_[i].type == JoinType::Left) {
                gone_at_[level] = level;
            } else {
                for (std::size_t t = 0; t < level; ++t) {
                    gone_at_[t] = std::min(gone_at_[t], level);
                }
            }
        }
    }

    /// `SELECT * FROM base AS base JOIN t AS t ON base.x = t.y ...`: the caller gave no columns, so the
    /// query cannot be wrapped (see build_select). ClickHouse 18.x runs this for one INNER or LEFT join.
    std::string select_star() {
        std::string sql = "SELECT * FROM " + table_as(0);
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            if (is_semi_or_anti(joins_[i]) && !options_.support.semi_anti) {
                usage(fmt::format("choose the columns of a {} JOIN (--columns)", join_type_text(joins_[i])));
            }
            sql += " " + join_keyword(joins_[i]) + " " + table_as(i + 1);
            const auto keys = key_pairs(i);
            for (std::size_t k = 0; k < keys.size(); ++k) {
                sql += (k ? " AND " : " ON ") + keys[k].left.sql() + " " + keys[k].op + " " + keys[k].right.sql();
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

        // `from` is what follows FROM: a table, a join, or a join with a WHERE (SEMI/ANTI without the syntax).
        std::string from = wrapped_table(0);
        for (std::size_t i = 0; i < joins_.size(); ++i) {
            const std::size_t level = i + 1;
            from = join_source(from, i, keys[i]);
            if (level == joins_.size()) {
                std::string sql = "SELECT ";
                for (std::size_t c = 0; c < selected.size(); ++c) {
                    sql += (c ? ", " : "") + quote_identifier(selected[c].alias) + " AS " +
                           quote_identifier(selected[c].output);
                }
                return sql + " FROM " + from;
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
            if (carried.empty()) {
                carried.push_back("1 AS " + quote_identifier(next_alias("one")));
            } else {
                for (auto& alias : carried) {
                    alias = quote_identifier(alias);
                }
            }
            std::string wrapper = "(SELECT ";
            for (std::size_t c = 0; c < carried.size(); ++c) {
                wrapper += (c ? ", " : "") + carried[c];
            }
            from =
                wrapper + " FROM " + from + ") AS " + quote_identifier(fmt::format("__ferry_j{}", level));
        }
        return from; // unreachable: there is at least one join
    }

private:
    /// `from` joined with table i + 1.
    std::string join_source(const std::string& from, std::size_t i, const std::vector<KeyPair>& keys) {
        const Join& join = joins_[i];
        const std::size_t level = i + 1;
        if (is_semi_or_anti(join) && !options_.support.semi_anti) {
            return semi_as_in(from, i, keys);
        }
        std::string sql = from + " " + join_keyword(join) + " " + wrapped_table(level);
        for (std::size_t k = 0; k < keys.size(); ++k) {
            sql += (k ? " AND " : " ON ") + quote_identifier(keys[k].left_alias) + " " + keys[k].op + " " +
                   quote_identifier(keys[k].right_alias);
        }
        return sql;
    }

    /// LEFT SEMI JOIN t ON a.x = t.y as `from WHERE x IN (SELECT y FROM t)`, for servers without the
    /// syntax: the same rows, each once. NULL keys match nothing, as in a join (the IN is guarded by
    /// isNotNull on both sides rather than left to transform_null_in). ANTI is its negation; RIGHT swaps
    /// the sides.
    std::string semi_as_in(const std::string& from, std::size_t i, const std::vector<KeyPair>& keys) {
        const Join& join = joins_[i];
        const std::size_t level = i + 1;
        std::vector<std::string> left_keys;
        std::vector<std::string> right_keys;
        for (const auto& key : keys) {
            left_keys.push_back(quote_identifier(key.left_alias));
            right_keys.push_back(quote_identifier(key.right_alias));
        }
        const bool left = join.type == JoinType::Left;
        const std::string& outer_from = left ? from : wrapped_table(level);
        const std::string& inner_from = left ? wrapped_table(level) : from;
        const auto& outer_keys = left ? left_keys : right_keys;
        const auto& inner_keys = left ? right_keys : left_keys;
        std::string inner = "SELECT ";
        for (std::size_t k = 0; k < inner_keys.size(); ++k) {
            inner += (k ? ", " : "") + inner_keys[k];
        }
        inner += " FROM " + inner_from + " WHERE " + not_null(inner_keys);
        const std::string matches = not_null(outer_keys) + " AND " + tuple_of(outer_keys) + " IN (" + inner + ")";
        return outer_from + " WHERE " + (join.strictness == JoinStrictness::Semi ? matches : "NOT (" + matches + ")");
    }

    void check_supported(const Join& join) const {
        if (join.strictness == JoinStrictness::Asof && !options_.support.asof) {
            throw Error(ErrorKind::Usage,
                        fmt::format("this server ({}) has no ASOF JOIN (it came with ClickHouse 19.x); the join "
                                    "of '{}' needs a newer server",
                                    options_.support.server_version.empty()
                                        ? std::string("its version is unknown")
                                        : "ClickHouse " + options_.support.server_version,
                                    printable_value(join.table)));
        }
    }

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

    /// (SELECT `col` AS `alias`, ... FROM `table`) AS `table`; a table nothing is read from (a CROSS JOIN
    /// for its row count) gives a constant per row.
    std::string wrapped_table(std::size_t index) {
        auto& projections = projections_[index];
        std::string sql = "(SELECT ";
        for (std::size_t i = 0; i < projections.size(); ++i) {
            const std::string column = quote_identifier(projections[i].column);
            sql += (i ? ", " : "") + (projections[i].nullable ? "toNullable(" + column + ")" : column) + " AS " +
                   quote_identifier(projections[i].alias);
        }
        if (projections.empty()) {
            sql += "1 AS " + quote_identifier(next_alias("one"));
        }
        return sql + " FROM " + quote_identifier(tables_[index]) + ") AS " + quote_identifier(tables_[index]);
    }

    /// Explicit ALL: standard SQL semantics even where a server sets join_default_strictness (and 18.x
    /// requires a strictness).
    std::string join_keyword(const Join& join) const {
        const std::string kind(to_string(join.type));
        switch (join.strictness) {
        case JoinStrictness::All:
            return join.type == JoinType::Cross ? "CROSS JOIN" : "ALL " + kind + " JOIN";
        case JoinStrictness::Any:
            return "ANY " + kind + " JOIN";
        case JoinStrictness::Semi:
        case JoinStrictness::Anti:
            return kind + " " + std::string(to_string(join.strictness)) + " JOIN";
        case JoinStrictness::Asof:
            return join.type == JoinType::Left ? "ASOF LEFT JOIN" : "ASOF JOIN";
        }
        return "ALL " + kind + " JOIN";
    }

    /// The table of `ref` in join `level`, checked: named, joined before (or in) this join, still there.
    void check_key_table(const ColumnRef& ref, const Join& join, std::size_t level) const {
        if (ref.table.empty()) {
            usage(fmt::format("name the table of '{}' in the ON condition of the join of '{}' (table.column)",
                              printable_value(ref.column), printable_value(join.table)));
        }
        const auto it = table_index_.find(ref.table);
        if (it == table_index_.end() || it->second > level) {
            usage(fmt::format("the ON condition of the join of '{}' uses table '{}', which is not joined before it",
                              printable_value(join.table), printable_value(ref.table)));
        }
        if (it->second < level && gone_at_[it->second] < level) {
            usage(fmt::format("the join of '{}' uses table '{}', whose rows an earlier {} JOIN left out",
                              printable_value(join.table), printable_value(ref.table),
                              join_type_text(joins_[gone_at_[it->second] - 1])));
        }
    }

    /// Orders a condition's columns (earlier table, joined table) and gives each its own alias:
    /// ClickHouse 18.x drops the right key column of RIGHT and FULL joins and fills the left key of
    /// unmatched right rows with the right key, so key copies must not double as the selected columns.
    KeyPair key_pair(const ColumnRef& a, const ColumnRef& b, std::string op, std::size_t level) {
        const Join& join = joins_[level - 1];
        check_key_table(a, join, level);
        check_key_table(b, join, level);
        const bool a_is_new = table_index(a.table) == level;
        const bool b_is_new = table_index(b.table) == level;
        if (a_is_new == b_is_new) {
            usage(fmt::format("each ON condition of the join of '{}' must compare a column of '{}' with a "
                              "column of an earlier table: {} {} {}",
                              printable_value(join.table), printable_value(join.table),
                              printable_value(ref_text(a)), op, printable_value(ref_text(b))));
        }
        if (a_is_new) { // b.t <= a.t is a.t >= b.t
            static const std::map<std::string, std::string> kFlipped = {
                {"=", "="}, {">=", "<="}, {"<=", ">="}, {">", "<"}, {"<", ">"}};
            op = kFlipped.at(op);
        }
        KeyPair pair{a_is_new ? b : a, a_is_new ? a : b, next_alias("k"), next_alias("k"), std::move(op)};
        // ClickHouse 18.16 crashes (segfault) on a RIGHT or FULL join whose key is Nullable on one side
        // only (a Nullable column, or a key from an earlier LEFT join with join_use_nulls): both key copies
        // are made Nullable (a no-op for keys that are; NULL keys match nothing either way).
        const bool nullable = join.type == JoinType::Right || join.type == JoinType::Full;
        projections_[table_index(pair.left.table)].push_back({pair.left.column, pair.left_alias, nullable});
        projections_[level].push_back({pair.right.column, pair.right_alias, nullable});
        return pair;
    }

    /// The key pairs of join `i`: its equalities (ON or USING), then an ASOF join's inequality.
    std::vector<KeyPair> key_pairs(std::size_t i) {
        const Join& join = joins_[i];
        const std::size_t level = i + 1;
        if (join.type == JoinType::Cross) {
            return {};
        }
        if (join.on.empty() && join.using_columns.empty()) {
            usage(fmt::format("the join of '{}' has no ON or USING condition", printable_value(join.table)));
        }
        std::vector<KeyPair> pairs;
        for (const auto& [a, b] : join.on) {
            pairs.push_back(key_pair(a, b, "=", level));
        }
        // USING names columns of the table joined just before and of this one.
        for (const auto& column : join.using_columns) {
            pairs.push_back(key_pair({tables_[level - 1], column}, {join.table, column}, "=", level));
        }
        if (join.asof) {
            pairs.push_back(key_pair(join.asof->left, join.asof->right, join.asof->op, level));
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
            if (const std::size_t gone = gone_at_[table_index(ref.table)]; gone != kNever) {
                usage(fmt::format("column '{}' cannot be selected: a {} JOIN keeps only the rows of {}, not "
                                  "the columns of '{}'",
                                  printable_value(ref_text(ref)), join_type_text(joins_[gone - 1]),
                                  joins_[gone - 1].type == JoinType::Left ? "the tables before it"
                                                                          : "the table it joins",
                                  printable_value(ref.table)));
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
    const JoinOptions& options_;
    std::vector<std::string> tables_;
    std::map<std::string, std::size_t> table_index_;
    std::vector<std::vector<Projection>> projections_;
    std::vector<std::size_t> gone_at_; ///< per table: the level of the SEMI/ANTI join that drops it
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

void parse_join_type(std::string_view text, Join& join) {
    Parser(text, "join type").join_type_only(join);
}

JoinType parse_join_type(std::string_view text) {
    Join join;
    parse_join_type(text, join);
    return join.type;
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
    case JoinType::Cross:
        return "CROSS";
    }
    return "INNER";
}

std::string_view to_string(JoinStrictness strictness) {
    switch (strictness) {
    case JoinStrictness::All:
        return "ALL";
    case JoinStrictness::Any:
        return "ANY";
    case JoinStrictness::Semi:
        return "SEMI";
    case JoinStrictness::Anti:
        return "ANTI";
    case JoinStrictness::Asof:
        return "ASOF";
    }
    return "ALL";
}

std::string join_type_text(const Join& join) {
    const std::string kind(to_string(join.type));
    switch (join.strictness) {
    case JoinStrictness::All:
        return kind;
    case JoinStrictness::Any:
        return "ANY " + kind;
    case JoinStrictness::Semi:
    case JoinStrictness::Anti:
        return kind + " " + std::string(to_string(join.strictness));
    case JoinStrictness::Asof:
        return join.type == JoinType::Left ? "ASOF LEFT" : "ASOF";
    }
    return kind;
}

JoinDefaults parse_join_defaults(std::string_view text, std::string_view what) {
    if (text == "sql") {
        return JoinDefaults::Sql;
    }
    if (text == "clickhouse") {
        return JoinDefaults::ClickHouse;
    }
    throw Error(ErrorKind::Usage, fmt::format("{} must be 'sql' (NULL for rows without a match) or 'clickhouse' "
                                              "(the type's default value), not '{}'",
                                              what, printable_value(text)));
}

std::string_view to_string(JoinDefaults defaults) {
    return defaults == JoinDefaults::Sql ? "sql" : "clickhouse";
}

std::map<std::string, std::string> join_settings(const std::vector<Join>& joins, JoinDefaults defaults) {
    if (joins.empty()) {
        return {};
    }
    return {{"join_use_nulls", defaults == JoinDefaults::Sql ? "1" : "0"}};
}

ColumnRef parse_column_ref(std::string_view text) {
    return Parser(text, "column name").column_ref_only();
}

std::string build_select(std::string_view base_table, const std::vector<Join>& joins,
                         const std::vector<std::string>& columns, std::size_t limit, const JoinOptions& options) {
    std::string sql;
    if (joins.empty()) {
        sql = select_single_table(base_table, columns);
    } else {
        JoinQuery query(base_table, joins, options);
        sql = columns.empty() ? query.select_star() : query.select(columns);
    }
    if (limit > 0) {
        sql += " LIMIT " + std::to_string(limit);
    }
    return sql;
}

} // namespace ferry::clickhouse
