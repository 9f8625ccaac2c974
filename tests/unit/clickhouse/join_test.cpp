#include "clickhouse/join.h"

#include <gtest/gtest.h>

#include "common/error.h"

using namespace ferry::clickhouse;
using ferry::Error;
using ferry::ErrorKind;

namespace {

/// The message of the Error(Usage) that `f` throws, or "" (and a test failure) when it throws none.
template <typename F> std::string usage_error(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no error thrown";
    return "";
}

std::string join_error(std::string_view text) {
    return usage_error([&] { parse_join(text); });
}

} // namespace

TEST(ParseJoin, AllFourTypes) {
    EXPECT_EQ(parse_join("INNER JOIN b ON a.x = b.y").type, JoinType::Inner);
    EXPECT_EQ(parse_join("LEFT JOIN b ON a.x = b.y").type, JoinType::Left);
    EXPECT_EQ(parse_join("RIGHT JOIN b ON a.x = b.y").type, JoinType::Right);
    EXPECT_EQ(parse_join("FULL JOIN b ON a.x = b.y").type, JoinType::Full);
}

TEST(ParseJoin, OuterAndPlainJoin) {
    EXPECT_EQ(parse_join("LEFT OUTER JOIN b ON a.x = b.y").type, JoinType::Left);
    EXPECT_EQ(parse_join("right outer join b on a.x = b.y").type, JoinType::Right);
    EXPECT_EQ(parse_join("FULL OUTER JOIN b ON a.x = b.y").type, JoinType::Full);
    EXPECT_EQ(parse_join("JOIN b ON a.x = b.y").type, JoinType::Inner);
}

TEST(ParseJoin, TableAndCondition) {
    const Join join = parse_join("LEFT JOIN customers ON orders.customer_id = customers.id");
    EXPECT_EQ(join.table, "customers");
    ASSERT_EQ(join.on.size(), 1u);
    EXPECT_EQ(join.on[0].first.table, "orders");
    EXPECT_EQ(join.on[0].first.column, "customer_id");
    EXPECT_EQ(join.on[0].second.table, "customers");
    EXPECT_EQ(join.on[0].second.column, "id");
}

TEST(ParseJoin, SeveralConditionsJoinedByAnd) {
    const Join join = parse_join("inner join b on a.x = b.x and a.y=b.y AND a.z = b.z");
    ASSERT_EQ(join.on.size(), 3u);
    EXPECT_EQ(join.on[1].first.sql(), "`a`.`y`");
    EXPECT_EQ(join.on[1].second.sql(), "`b`.`y`");
    EXPECT_EQ(join.on[2].second.column, "z");
}

TEST(ParseJoin, CaseInsensitiveKeywordsKeepIdentifierCase) {
    const Join join = parse_join("  lEfT   oUtEr\tJoIn\nMyTable On T1.Col = MyTable.COL  ");
    EXPECT_EQ(join.type, JoinType::Left);
    EXPECT_EQ(join.table, "MyTable");
    EXPECT_EQ(join.on[0].first.table, "T1");
    EXPECT_EQ(join.on[0].second.column, "COL");
}

TEST(ParseJoin, BacktickNames) {
    const Join join = parse_join("LEFT JOIN `my table` ON `a b`.`c d` = `my table`.`x\\`y\\\\z`");
    EXPECT_EQ(join.table, "my table");
    EXPECT_EQ(join.on[0].first.table, "a b");
    EXPECT_EQ(join.on[0].first.column, "c d");
    EXPECT_EQ(join.on[0].second.column, "x`y\\z");
}

TEST(ParseJoin, BacktickEscapedNames) {
    const Join join = parse_join("INNER JOIN `a\\`b` ON `x;y`.`--c` = `a\\`b`.`/*d*/`");
    EXPECT_EQ(join.table, "a`b");
    EXPECT_EQ(join.on[0].first.table, "x;y");
    EXPECT_EQ(join.on[0].first.column, "--c");
    EXPECT_EQ(join.on[0].second.table, "a`b");
    EXPECT_EQ(join.on[0].second.column, "/*d*/");
}

TEST(ParseJoin, KeywordsAsQuotedOrBareNames) {
    const Join join = parse_join("LEFT JOIN `on` ON `and`.x = `on`.y");
    EXPECT_EQ(join.table, "on");
    EXPECT_EQ(join.on[0].first.table, "and");
}

TEST(ParseJoin, UnqualifiedColumns) {
    const Join join = parse_join("INNER JOIN b ON x = b.y");
    EXPECT_EQ(join.on[0].first.table, "");
    EXPECT_EQ(join.on[0].first.column, "x");
    EXPECT_EQ(join.on[0].first.sql(), "`x`");
}

TEST(ParseJoin, RejectsStatementSeparator) {
    const std::string message = join_error("LEFT JOIN b ON a.x = b.y; DROP TABLE x");
    EXPECT_NE(message.find("cannot parse join at position 25"), std::string::npos) << message;
    EXPECT_NE(message.find("';'"), std::string::npos) << message;
    EXPECT_NE(join_error("; DROP TABLE x").find("position 1"), std::string::npos);
}

TEST(ParseJoin, RejectsComments) {
    EXPECT_NE(join_error("LEFT JOIN b ON a.x = b.y -- comment").find("comments are not allowed"),
              std::string::npos);
    EXPECT_NE(join_error("LEFT JOIN b /* c */ ON a.x = b.y").find("position 13: comments"),
              std::string::npos);
    EXPECT_NE(join_error("LEFT JOIN b ON a.x = b.y # c").find("comments"), std::string::npos);
}

TEST(ParseJoin, RejectsOr) {
    const std::string message = join_error("LEFT JOIN b ON a.x = b.y OR a.z = b.z");
    EXPECT_NE(message.find("position 26"), std::string::npos) << message;
    EXPECT_NE(message.find("OR is not supported"), std::string::npos) << message;
}

TEST(ParseJoin, RejectsMissingOn) {
    EXPECT_NE(join_error("LEFT JOIN b").find("expected ON or USING"), std::string::npos);
    EXPECT_NE(join_error("LEFT JOIN b WITH x").find("position 13: expected ON or USING"), std::string::npos);
    EXPECT_NE(join_error("LEFT JOIN b ON").find("expected a column name"), std::string::npos);
}

TEST(ParseJoin, RejectsOtherShapes) {
    join_error("");
    join_error("LEFT b ON a.x = b.y");
    join_error("INNER OUTER JOIN b ON a.x = b.y");
    join_error("CROSS JOIN b ON a.x = b.y");
    join_error("SEMI JOIN b ON a.x = b.y");
    join_error("FULL ANTI JOIN b ON a.x = b.y");
    join_error("ANY FULL JOIN b ON a.x = b.y");
    join_error("RIGHT ASOF JOIN b ON a.x = b.y AND a.t >= b.t");
    join_error("ASOF JOIN b ON a.t >= b.t");
    join_error("ASOF JOIN b ON a.x = b.y");
    join_error("ASOF JOIN b ON a.x = b.y AND a.t >= b.t AND a.u <= b.u");
    join_error("ASOF JOIN b USING (x, t)");
    join_error("LEFT JOIN b USING (x");
    join_error("LEFT JOIN b USING (x y)");
    join_error("ALL ANY JOIN b ON a.x = b.y");
    join_error("LEFT JOIN b ON a.x = 1");
    join_error("LEFT JOIN b ON a.x = 'y'");
    join_error("LEFT JOIN b ON a.x < b.y");
    join_error("LEFT JOIN b ON a.x != b.y");
    join_error("LEFT JOIN b ON (a.x = b.y)");
    join_error("LEFT JOIN b ON a.x = b.y AND");
    join_error("LEFT JOIN b ON a.x = b.y b.z");
    join_error("LEFT JOIN b ON a.x.y = b.y");
    join_error("LEFT JOIN db.b ON a.x = b.y");
    join_error("LEFT JOIN `b ON a.x = b.y");
    join_error("LEFT JOIN `` ON a.x = b.y");
    join_error("LEFT JOIN b ON a.x = b.y, c");
    join_error("LEFT JOIN b ON a.x = b.y\n;");
    EXPECT_NE(join_error("LEFT JOIN b ON a.x = b.y AND a.z = b.w AND").find("position 43"),
              std::string::npos);
}

TEST(ParseJoin, RejectsQuotedThenSomethingElse) {
    // A doubled backtick is not an escape in Ferry's grammar: the name ends at the first unescaped one.
    join_error("LEFT JOIN `t``x` ON a.b = c.d");
}

TEST(ParseJoinType, Names) {
    EXPECT_EQ(parse_join_type("INNER"), JoinType::Inner);
    EXPECT_EQ(parse_join_type("left"), JoinType::Left);
    EXPECT_EQ(parse_join_type("Right Outer"), JoinType::Right);
    EXPECT_EQ(parse_join_type("full outer join"), JoinType::Full);
    EXPECT_EQ(parse_join_type("CROSS"), JoinType::Cross);
    EXPECT_EQ(to_string(JoinType::Full), "FULL");
    for (const JoinType type : {JoinType::Inner, JoinType::Left, JoinType::Right, JoinType::Full, JoinType::Cross}) {
        EXPECT_EQ(parse_join_type(to_string(type)), type);
    }
    // Every kind the API and CLI write reads back as itself.
    for (const char* text : {"INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ANY LEFT", "ANY INNER", "LEFT SEMI",
                             "RIGHT SEMI", "LEFT ANTI", "RIGHT ANTI", "ASOF", "ASOF LEFT"}) {
        Join join;
        parse_join_type(text, join);
        EXPECT_EQ(join_type_text(join), text);
    }
    Join join;
    parse_join_type("semi left", join);
    EXPECT_EQ(join.strictness, JoinStrictness::Semi);
    EXPECT_EQ(join.type, JoinType::Left);
    usage_error([] { parse_join_type("OUTER"); });
    usage_error([] { parse_join_type("SEMI"); });
    usage_error([] { parse_join_type(""); });
    usage_error([] { parse_join_type("left; drop"); });
}

TEST(ParseColumnRef, Forms) {
    EXPECT_EQ(parse_column_ref("a").sql(), "`a`");
    EXPECT_EQ(parse_column_ref("t.a").sql(), "`t`.`a`");
    EXPECT_EQ(parse_column_ref(" `my t` . `my col` ").sql(), "`my t`.`my col`");
    EXPECT_EQ(parse_column_ref("`a\\`b`").column, "a`b");
    EXPECT_EQ(parse_column_ref("`a.b`").column, "a.b");
    const std::string message = usage_error([] { parse_column_ref("a b"); });
    EXPECT_NE(message.find("cannot parse column name at position 3"), std::string::npos) << message;
    usage_error([] { parse_column_ref(""); });
    usage_error([] { parse_column_ref("a.b.c"); });
    usage_error([] { parse_column_ref("a;"); });
}

TEST(ColumnRefSql, QuotesBothParts) {
    EXPECT_EQ((ColumnRef{"t`1", "c\\2"}).sql(), "`t\\`1`.`c\\\\2`");
    EXPECT_EQ((ColumnRef{"", "c"}).sql(), "`c`");
}

// ---------------------------------------------------------------------------------------------------------
// build_select

TEST(BuildSelect, SingleTable) {
    EXPECT_EQ(build_select("events", {}, {}), "SELECT * FROM `events`");
    EXPECT_EQ(build_select("events", {}, {}, 10), "SELECT * FROM `events` LIMIT 10");
    EXPECT_EQ(build_select("events", {}, {"id", "events.name", "`a b`"}),
              "SELECT `id`, `name`, `a b` FROM `events`");
    EXPECT_EQ(build_select("a`b", {}, {"`c\\`d`"}, 5), "SELECT `c\\`d` FROM `a\\`b` LIMIT 5");
}

TEST(BuildSelect, SingleTableErrors) {
    usage_error([] { build_select("events", {}, {"other.id"}); });
    usage_error([] { build_select("events", {}, {"id", "events.id"}); });
    usage_error([] { build_select("events", {}, {"id; DROP TABLE x"}); });
    usage_error([] { build_select("", {}, {}); });
}

TEST(BuildSelect, StarWithOneJoin) {
    EXPECT_EQ(build_select("a", {parse_join("LEFT JOIN b ON b.id = a.bid")}, {}, 3),
              "SELECT * FROM `a` AS `a` ALL LEFT JOIN `b` AS `b` ON `a`.`bid` = `b`.`id` LIMIT 3");
}

TEST(BuildSelect, OneJoinWrapsBothTables) {
    EXPECT_EQ(build_select("a", {parse_join("LEFT JOIN b ON a.bid = b.id")}, {"a.id", "b.name"}),
              "SELECT `__ferry_v2` AS `id`, `__ferry_v3` AS `name` FROM "
              "(SELECT `bid` AS `__ferry_k0`, `id` AS `__ferry_v2` FROM `a`) AS `a` ALL LEFT JOIN "
              "(SELECT `id` AS `__ferry_k1`, `name` AS `__ferry_v3` FROM `b`) AS `b` "
              "ON `__ferry_k0` = `__ferry_k1`");
}

TEST(BuildSelect, SharedNamesAreQualified) {
    const std::string sql =
        build_select("a", {parse_join("RIGHT JOIN b ON a.bid = b.id")}, {"a.id", "a.name", "b.name", "b.id"});
    EXPECT_NE(sql.find("AS `a.id`, "), std::string::npos) << sql;
    EXPECT_NE(sql.find("AS `a.name`, "), std::string::npos) << sql;
    EXPECT_NE(sql.find("AS `b.name`, "), std::string::npos) << sql;
    EXPECT_NE(sql.find("AS `b.id` FROM"), std::string::npos) << sql;
    EXPECT_NE(sql.find("ALL RIGHT JOIN"), std::string::npos) << sql;
    // b.id is both a key and a selected column: it is projected twice.
    EXPECT_NE(
        sql.find("(SELECT toNullable(`id`) AS `__ferry_k1`, `name` AS `__ferry_v4`, `id` AS `__ferry_v5` FROM `b`)"),
        std::string::npos)
        << sql;
}

TEST(BuildSelect, ConditionsAreOrderedEarlierTableFirst) {
    const std::string sql =
        build_select("a", {parse_join("INNER JOIN b ON b.x = a.x AND a.y = b.y")}, {"a.x"});
    EXPECT_EQ(sql, "SELECT `__ferry_v4` AS `x` FROM "
                   "(SELECT `x` AS `__ferry_k0`, `y` AS `__ferry_k2`, `x` AS `__ferry_v4` FROM `a`) AS `a` "
                   "ALL INNER JOIN (SELECT `x` AS `__ferry_k1`, `y` AS `__ferry_k3` FROM `b`) AS `b` "
                   "ON `__ferry_k0` = `__ferry_k1` AND `__ferry_k2` = `__ferry_k3`");
}

TEST(BuildSelect, ThreeTablesNestOneJoinPerSelect) {
    const std::vector<Join> joins = {parse_join("LEFT JOIN b ON a.bid = b.id"),
                                     parse_join("FULL JOIN c ON b.cid = c.id")};
    const std::string sql = build_select("a", joins, {"a.name", "b.name", "c.name"}, 100);
    EXPECT_EQ(sql,
              "SELECT `__ferry_v4` AS `a.name`, `__ferry_v5` AS `b.name`, `__ferry_v6` AS `c.name` FROM "
              "(SELECT `__ferry_v4`, `__ferry_v5`, `__ferry_k2` FROM "
              "(SELECT `bid` AS `__ferry_k0`, `name` AS `__ferry_v4` FROM `a`) AS `a` ALL LEFT JOIN "
              "(SELECT `id` AS `__ferry_k1`, toNullable(`cid`) AS `__ferry_k2`, `name` AS `__ferry_v5` FROM `b`) AS `b` "
              "ON `__ferry_k0` = `__ferry_k1`) AS `__ferry_j1` ALL FULL JOIN "
              "(SELECT toNullable(`id`) AS `__ferry_k3`, `name` AS `__ferry_v6` FROM `c`) AS `c` "
              "ON `__ferry_k2` = `__ferry_k3` LIMIT 100");
}

TEST(BuildSelect, LaterJoinCanUseTheBaseTable) {
    const std::vector<Join> joins = {parse_join("LEFT JOIN b ON a.bid = b.id"),
                                     parse_join("LEFT JOIN c ON a.cid = c.id")};
    const std::string sql = build_select("a", joins, {"c.name"});
    // a.cid is carried through the first join's wrapper for the second.
    EXPECT_NE(
        sql.find("(SELECT `__ferry_k2` FROM (SELECT `bid` AS `__ferry_k0`, `cid` AS `__ferry_k2` FROM `a`)"),
        std::string::npos)
        << sql;
    EXPECT_NE(sql.find("SELECT `__ferry_v4` AS `name` FROM"), std::string::npos) << sql;
}

TEST(BuildSelect, InjectionInNamesIsQuoted) {
    const std::string sql = build_select("a`; DROP TABLE x; --",
                                         {parse_join("LEFT JOIN `b;` ON `a\\`; DROP "
                                                     "TABLE x; --`.k = `b;`.k")},
                                         {"`b;`.`v--`"});
    EXPECT_NE(sql.find("FROM `a\\`; DROP TABLE x; --`) AS `a\\`; DROP TABLE x; --`"), std::string::npos)
        << sql;
    EXPECT_NE(sql.find("AS `v--`"), std::string::npos) << sql;
}

TEST(BuildSelect, Errors) {
    const std::vector<Join> one = {parse_join("LEFT JOIN b ON a.bid = b.id")};
    EXPECT_NE(usage_error([&] { build_select("a", one, {"name"}); }).find("name the table of column 'name'"),
              std::string::npos);
    EXPECT_NE(usage_error([&] { build_select("a", one, {"z.name"}); }).find("table 'z'"), std::string::npos);
    usage_error([&] { build_select("a", one, {"a.id", "a.id"}); });
    // Same output name from a qualified pair and a bare column name.
    usage_error([&] { build_select("a", one, {"a.x", "b.x", "b.`a.x`"}); });
    // Unqualified or unknown tables in ON.
    usage_error([] { build_select("a", {parse_join("LEFT JOIN b ON bid = b.id")}, {"a.id"}); });
    usage_error([] { build_select("a", {parse_join("LEFT JOIN b ON z.bid = b.id")}, {"a.id"}); });
    // A condition must link the joined table with an earlier one.
    usage_error([] { build_select("a", {parse_join("LEFT JOIN b ON a.x = a.y")}, {"a.id"}); });
    usage_error([] { build_select("a", {parse_join("LEFT JOIN b ON b.x = b.y")}, {"a.id"}); });
    usage_error([] {
        build_select("a", {parse_join("LEFT JOIN b ON a.x = c.y"), parse_join("LEFT JOIN c ON b.x = c.y")},
                     {"a.id"});
    });
    // Self-join and an empty ON.
    usage_error([] { build_select("a", {parse_join("LEFT JOIN a ON a.x = a.y")}, {"a.id"}); });
    usage_error([] { build_select("a", {Join{JoinType::Inner, JoinStrictness::All, "b", {}, {}, {}}}, {"a.id"}); });
}

TEST(ParseJoin, KindsUsingAndAsof) {
    Join join = parse_join("LEFT ANTI JOIN b USING (x, `y z`)");
    EXPECT_EQ(join.strictness, JoinStrictness::Anti);
    EXPECT_EQ(join.using_columns, (std::vector<std::string>{"x", "y z"}));
    EXPECT_EQ(parse_join("inner join b using x").using_columns, std::vector<std::string>{"x"});
    join = parse_join("CROSS JOIN b");
    EXPECT_EQ(join.type, JoinType::Cross);
    join = parse_join("ASOF LEFT JOIN q ON t.s = q.s AND q.time <= t.time");
    EXPECT_EQ(join.type, JoinType::Left);
    ASSERT_TRUE(join.asof);
    EXPECT_EQ(join.asof->left.sql(), "`q`.`time`");
    EXPECT_EQ(join.asof->op, "<=");
    EXPECT_EQ(join.on.size(), 1u);
    EXPECT_EQ(parse_join("LEFT ANY JOIN b ON a.x = b.y").strictness, JoinStrictness::Any);
    EXPECT_NE(join_error("LEFT JOIN b ON a.x < b.y").find("ASOF"), std::string::npos);
}

TEST(BuildSelect, SemiWithoutTheSyntaxIsAnInWithNullsMatchingNothing) {
    const std::string sql = build_select("a", {parse_join("LEFT ANTI JOIN b ON a.x = b.y AND a.z = b.w")}, {"a.x"});
    EXPECT_EQ(sql, "SELECT `__ferry_v4` AS `x` FROM (SELECT `x` AS `__ferry_k0`, `z` AS `__ferry_k2`, `x` AS "
                   "`__ferry_v4` FROM `a`) AS `a` WHERE NOT (isNotNull(`__ferry_k0`) AND isNotNull(`__ferry_k2`) "
                   "AND (`__ferry_k0`, `__ferry_k2`) IN (SELECT `__ferry_k1`, `__ferry_k3` FROM (SELECT `y` AS "
                   "`__ferry_k1`, `w` AS `__ferry_k3` FROM `b`) AS `b` WHERE isNotNull(`__ferry_k1`) AND "
                   "isNotNull(`__ferry_k3`)))");
    JoinOptions native;
    native.support.semi_anti = true;
    EXPECT_NE(build_select("a", {parse_join("LEFT ANTI JOIN b ON a.x = b.y")}, {"a.x"}, 0, native)
                  .find(" LEFT ANTI JOIN (SELECT"),
              std::string::npos);
    // The dropped side's columns cannot be selected, nor used by a later join.
    EXPECT_NE(usage_error([] { build_select("a", {parse_join("LEFT SEMI JOIN b ON a.x = b.y")}, {"b.y"}); })
                  .find("LEFT SEMI JOIN keeps only the rows of the tables before it"),
              std::string::npos);
    usage_error([] {
        build_select("a", {parse_join("RIGHT SEMI JOIN b ON a.x = b.y"), parse_join("LEFT JOIN c ON a.x = c.x")},
                     {"b.y"});
    });
}

TEST(BuildSelect, AsofNeedsTheServerToHaveIt) {
    JoinOptions old;
    old.support.server_version = "18.16.1";
    const auto message = usage_error(
        [&] { build_select("t", {parse_join("ASOF JOIN q ON t.s = q.s AND t.ts >= q.ts")}, {"q.p"}, 0, old); });
    EXPECT_NE(message.find("this server (ClickHouse 18.16.1) has no ASOF JOIN"), std::string::npos) << message;
    JoinOptions modern;
    modern.support.asof = true;
    // q.ts <= t.ts is written earlier table first: t.ts >= q.ts.
    const std::string sql =
        build_select("t", {parse_join("ASOF LEFT JOIN q ON q.s = t.s AND q.ts <= t.ts")}, {"q.p"}, 0, modern);
    EXPECT_NE(sql.find("ASOF LEFT JOIN (SELECT `s` AS `__ferry_k1`, `ts` AS `__ferry_k3`, `p` AS `__ferry_v4` FROM "
                       "`q`) AS `q` ON `__ferry_k0` = `__ferry_k1` AND `__ferry_k2` >= `__ferry_k3`"),
              std::string::npos)
        << sql;
}

TEST(BuildSelect, UsingComparesWithTheTableJustBeforeAndCrossReadsNoKeys) {
    const std::string sql = build_select(
        "a", {parse_join("LEFT JOIN b USING (id)"), parse_join("CROSS JOIN c")}, {"a.x", "b.y"});
    EXPECT_NE(sql.find("(SELECT `id` AS `__ferry_k0`, `x` AS `__ferry_v2` FROM `a`) AS `a` ALL LEFT JOIN (SELECT "
                       "`id` AS `__ferry_k1`, `y` AS `__ferry_v3` FROM `b`) AS `b` ON `__ferry_k0` = `__ferry_k1`"),
              std::string::npos)
        << sql;
    EXPECT_NE(sql.find("CROSS JOIN (SELECT 1 AS `__ferry_one4` FROM `c`) AS `c`"), std::string::npos) << sql;
}

TEST(JoinSettings, AlwaysSentForJoins) {
    const std::vector<Join> joins = {parse_join("LEFT JOIN b ON a.x = b.y")};
    EXPECT_EQ(join_settings(joins, JoinDefaults::Sql).at("join_use_nulls"), "1");
    EXPECT_EQ(join_settings(joins, JoinDefaults::ClickHouse).at("join_use_nulls"), "0");
    EXPECT_TRUE(join_settings({}, JoinDefaults::Sql).empty());
    EXPECT_EQ(parse_join_defaults("clickhouse"), JoinDefaults::ClickHouse);
    usage_error([] { parse_join_defaults("SQL"); });
}
