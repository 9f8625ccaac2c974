/// libFuzzer target for the join and column-name parsers and the SELECT builder (built by scripts/fuzz.sh).
///
/// Input layout: lines separated by LF. The first line is the base table name (any bytes); a line starting
/// with '+' is a join clause, any other line a column name; the length of the input picks a LIMIT. Checked:
/// - only ferry::Error(Usage) escapes (anything else aborts);
/// - whatever parses prints back and parses to the same value (ColumnRef::sql(), a join rebuilt as text);
/// - every SQL text built is safe: outside backtick-quoted identifiers there are only the builder's own
///   keywords, punctuation and the LIMIT number, so every identifier is quoted and no ';', comment, string
///   literal or other token can appear; quoted identifiers are closed and hold no raw control bytes.

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/join.h"
#include "clickhouse/sql.h"
#include "common/error.h"

namespace {

using ferry::Error;
using ferry::ErrorKind;
namespace ch = ferry::clickhouse;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "join_parser_fuzzer: %s %.*s\n", what, static_cast<int>(detail.size()),
                 detail.data());
    std::abort();
}

void check(bool condition, const char* what, std::string_view detail = {}) {
    if (!condition) {
        fail(what, detail);
    }
}

void check_usage(const Error& error) {
    check(error.kind() == ErrorKind::Usage, "non-Usage error:", error.what());
}

/// Scans SQL built by the builder: every word outside backticks must be one of its keywords, every other
/// byte outside backticks one of its punctuation marks. Digits are allowed only as the LIMIT number.
void check_sql(std::string_view sql) {
    static const std::set<std::string> kKeywords = {"SELECT", "FROM", "AS",   "ALL", "INNER", "LEFT",
                                                    "RIGHT",  "FULL", "JOIN", "ON",  "AND",   "LIMIT"};
    std::string previous_word;
    std::size_t i = 0;
    while (i < sql.size()) {
        const auto c = static_cast<unsigned char>(sql[i]);
        if (c == '`') {
            ++i;
            bool closed = false;
            while (i < sql.size()) {
                const auto q = static_cast<unsigned char>(sql[i]);
                check(q >= 0x20 && q != 0x7f, "raw control byte inside a quoted identifier:", sql);
                if (q == '\\') {
                    check(i + 1 < sql.size(), "quoted identifier ends in a backslash:", sql);
                    i += 2;
                    continue;
                }
                ++i;
                if (q == '`') {
                    closed = true;
                    break;
                }
            }
            check(closed, "unterminated quoted identifier:", sql);
            previous_word.clear();
            continue;
        }
        if (std::isalpha(c) || c == '_') {
            const std::size_t start = i;
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) {
                ++i;
            }
            previous_word = std::string(sql.substr(start, i - start));
            check(kKeywords.contains(previous_word), "unquoted word in SQL:", sql);
            continue;
        }
        if (std::isdigit(c)) {
            check(previous_word == "LIMIT", "a number outside LIMIT:", sql);
            while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) {
                ++i;
            }
            previous_word.clear();
            continue;
        }
        check(c == ' ' || c == ',' || c == '(' || c == ')' || c == '.' || c == '=' || c == '*',
              "unexpected byte outside quotes (';', quote, comment...):", sql);
        ++i;
    }
}

std::string join_text(const ch::Join& join) {
    std::string text =
        std::string(ch::to_string(join.type)) + " JOIN " + ch::quote_identifier(join.table) + " ON ";
    for (std::size_t i = 0; i < join.on.size(); ++i) {
        text += (i ? " AND " : "") + join.on[i].first.sql() + " = " + join.on[i].second.sql();
    }
    return text;
}

bool same_ref(const ch::ColumnRef& a, const ch::ColumnRef& b) {
    return a.table == b.table && a.column == b.column;
}

void check_column_ref(std::string_view text) {
    ch::ColumnRef ref;
    try {
        ref = ch::parse_column_ref(text);
    } catch (const Error& error) {
        check_usage(error);
        return;
    }
    check(!ref.column.empty(), "parsed an empty column name:", text);
    const std::string sql = ref.sql();
    check_sql(sql);
    try {
        check(same_ref(ch::parse_column_ref(sql), ref), "ColumnRef::sql() does not parse back:", text);
    } catch (const Error& error) {
        fail("ColumnRef::sql() does not parse:", error.what());
    }
}

bool check_join(std::string_view text, std::vector<ch::Join>& joins) {
    try {
        (void)ch::parse_join_type(text);
    } catch (const Error& error) {
        check_usage(error);
    }
    ch::Join join;
    try {
        join = ch::parse_join(text);
    } catch (const Error& error) {
        check_usage(error);
        return false;
    }
    check(!join.table.empty() && !join.on.empty(), "parsed a join without table or condition:", text);
    const std::string again_text = join_text(join);
    try {
        const ch::Join again = ch::parse_join(again_text);
        check(again.type == join.type && again.table == join.table && again.on.size() == join.on.size(),
              "join does not parse back:", again_text);
        for (std::size_t i = 0; i < join.on.size(); ++i) {
            check(same_ref(again.on[i].first, join.on[i].first) &&
                      same_ref(again.on[i].second, join.on[i].second),
                  "join condition does not parse back:", again_text);
        }
    } catch (const Error& error) {
        fail("rebuilt join does not parse:", error.what());
    }
    joins.push_back(std::move(join));
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = input.find('\n', start);
        lines.push_back(
            input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    const std::string base(lines.front());
    std::vector<ch::Join> joins;
    std::vector<std::string> columns;
    for (std::size_t i = 1; i < lines.size() && i < 16; ++i) {
        if (lines[i].starts_with("+")) {
            check_join(lines[i].substr(1), joins);
        } else {
            check_column_ref(lines[i]);
            columns.emplace_back(lines[i]);
        }
    }
    // Also the whole input as one join and one column name: most mutations land there.
    std::vector<ch::Join> ignored;
    check_join(input, ignored);
    check_column_ref(input);

    const std::size_t limit = size % 3 == 0 ? 0 : size;
    for (bool with_columns : {true, false}) {
        try {
            const std::string sql =
                ch::build_select(base, joins, with_columns ? columns : std::vector<std::string>{}, limit);
            check_sql(sql);
            check(sql.starts_with("SELECT "), "SQL does not start with SELECT:", sql);
        } catch (const Error& error) {
            check_usage(error);
        }
    }
    return 0;
}
