#include "support/join_cases.h"

#include <algorithm>
#include <sstream>

namespace ferry::test {

const std::vector<std::string>& join_tables() {
    static const std::vector<std::string> statements = {
        "CREATE TABLE a (id UInt32, name String, bid UInt32) ENGINE = MergeTree ORDER BY id",
        "CREATE TABLE b (id UInt32, name String, cid UInt32, aid UInt32) ENGINE = MergeTree ORDER BY id",
        "CREATE TABLE c (id UInt32, name String) ENGINE = MergeTree ORDER BY id",
        "CREATE TABLE d (cid UInt32, note String) ENGINE = Memory",
        "CREATE TABLE e (aid UInt32, tag String) ENGINE = Memory",
        "CREATE TABLE `my table` (`the id` UInt32, `x;y` String) ENGINE = Memory",
        "CREATE TABLE `other\\`t` (`the id` UInt32, `--z` String) ENGINE = Memory",
        "INSERT INTO a VALUES (1, 'a1', 10), (2, 'a2', 20), (3, 'a3', 99)",
        "INSERT INTO b VALUES (10, 'b10', 100, 1), (20, 'b20', 200, 9), (30, 'b30', 300, 3)",
        "INSERT INTO c VALUES (100, 'c100'), (200, 'c200'), (400, 'c400')",
        "INSERT INTO d VALUES (100, 'first'), (100, 'again'), (200, 'second'), (500, 'orphan')",
        "INSERT INTO e VALUES (1, 't1'), (3, 't3')",
        "INSERT INTO `my table` VALUES (1, 'one'), (2, 'two')",
        "INSERT INTO `other\\`t` VALUES (1, 'uno')",
    };
    return statements;
}

const std::vector<JoinCase>& join_cases() {
    static const std::vector<JoinCase> cases = {
        // Two tables, each kind, the right key selected (18.x mishandles it in RIGHT and FULL joins).
        {"TwoInner",
         "a",
         {"INNER JOIN b ON a.bid = b.id"},
         {"a.name", "b.id", "b.name"},
         0,
         {"a.name\tid\tb.name\na1\t10\tb10\na2\t20\tb20\n"}},
        {"TwoLeft",
         "a",
         {"LEFT JOIN b ON a.bid = b.id"},
         {"a.name", "b.id", "b.name"},
         0,
         {"a.name\tid\tb.name\na1\t10\tb10\na2\t20\tb20\na3\t\\N\t\\N\n"}},
        {"TwoRight",
         "a",
         {"RIGHT JOIN b ON a.bid = b.id"},
         {"a.name", "b.id", "b.name"},
         0,
         {"a.name\tid\tb.name\n\\N\t30\tb30\na1\t10\tb10\na2\t20\tb20\n"}},
        {"TwoFull",
         "a",
         {"FULL JOIN b ON a.bid = b.id"},
         {"a.name", "b.id", "b.name"},
         0,
         {"a.name\tid\tb.name\n\\N\t30\tb30\na1\t10\tb10\na2\t20\tb20\na3\t\\N\t\\N\n"}},
        {"TwoFullBothKeys",
         "a",
         {"FULL JOIN b ON a.bid = b.id"},
         {"a.bid", "b.id"},
         0,
         {"bid\tid\n10\t10\n20\t20\n99\t\\N\n\\N\t30\n"}},
        {"TwoSeveralConditions",
         "a",
         {"INNER JOIN b ON a.bid = b.id AND b.aid = a.id"},
         {"a.name", "b.name"},
         0,
         {"a.name\tb.name\na1\tb10\n"}},
        // Three tables: a LEFT JOIN b, then each kind of join to c.
        {"ThreeInner",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "INNER JOIN c ON b.cid = c.id"},
         {"a.name", "c.name", "c.id"},
         0,
         {"a.name\tc.name\tid\na1\tc100\t100\na2\tc200\t200\n"}},
        {"ThreeLeft",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id"},
         {"a.name", "c.name", "c.id"},
         0,
         {"a.name\tc.name\tid\na1\tc100\t100\na2\tc200\t200\na3\t\\N\t\\N\n"}},
        {"ThreeRight",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "RIGHT JOIN c ON b.cid = c.id"},
         {"a.name", "c.name", "c.id"},
         0,
         {"a.name\tc.name\tid\n\\N\tc400\t400\na1\tc100\t100\na2\tc200\t200\n"}},
        {"ThreeFull",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "FULL OUTER JOIN c ON b.cid = c.id"},
         {"a.id", "a.name", "b.name", "c.name", "c.id"},
         0,
         {"a.id\ta.name\tb.name\tc.name\tc.id\n1\ta1\tb10\tc100\t100\n2\ta2\tb20\tc200\t200\n"
          "3\ta3\t\\N\t\\N\t\\N\n\\N\t\\N\t\\N\tc400\t400\n"}},
        {"ThreeReversedConditionWithLimit",
         "a",
         {"INNER JOIN b ON a.bid = b.id", "LEFT JOIN c ON c.id = b.cid"},
         {"c.name", "a.name"},
         1,
         {"c.name\ta.name\nc100\ta1\n", "c.name\ta.name\nc200\ta2\n"}},
        {"ThreeLastJoinUsesTheBase",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN e ON a.id = e.aid"},
         {"a.name", "b.name", "e.tag"},
         0,
         {"a.name\tb.name\ttag\na1\tb10\tt1\na2\tb20\t\\N\na3\t\\N\tt3\n"}},
        // Four tables: a LEFT b LEFT c, then each kind of join to d (d has two rows for c100, one orphan).
        {"FourInner",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id", "INNER JOIN d ON d.cid = c.id"},
         {"a.name", "c.name", "d.note"},
         0,
         {"a.name\tc.name\tnote\na1\tc100\tagain\na1\tc100\tfirst\na2\tc200\tsecond\n"}},
        {"FourLeft",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id", "LEFT JOIN d ON d.cid = c.id"},
         {"a.name", "c.name", "d.note"},
         0,
         {"a.name\tc.name\tnote\na1\tc100\tagain\na1\tc100\tfirst\na2\tc200\tsecond\na3\t\\N\t\\N\n"}},
        {"FourRight",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id", "RIGHT JOIN d ON d.cid = c.id"},
         {"a.name", "c.name", "d.note"},
         0,
         {"a.name\tc.name\tnote\n\\N\t\\N\torphan\na1\tc100\tagain\na1\tc100\tfirst\na2\tc200\tsecond\n"}},
        {"FourFull",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id", "FULL JOIN d ON d.cid = c.id"},
         {"a.name", "c.name", "d.note", "d.cid"},
         0,
         {"a.name\tc.name\tnote\tcid\n\\N\t\\N\torphan\t500\na1\tc100\tagain\t100\na1\tc100\tfirst\t100\n"
          "a2\tc200\tsecond\t200\na3\t\\N\t\\N\t\\N\n"}},
        {"FourInnerChain",
         "a",
         {"INNER JOIN b ON a.bid = b.id", "INNER JOIN c ON b.cid = c.id", "INNER JOIN d ON d.cid = c.id"},
         {"a.name", "d.note"},
         0,
         {"name\tnote\na1\tagain\na1\tfirst\na2\tsecond\n"}},
        // ClickHouse's own defaults ('' and 0) for rows without a match, kept on request.
        {"TwoFullClickHouseDefaults",
         "a",
         {"FULL JOIN b ON a.bid = b.id"},
         {"a.name", "b.id", "b.name"},
         0,
         {"a.name\tid\tb.name\n\t30\tb30\na1\t10\tb10\na2\t20\tb20\na3\t0\t\n"},
         clickhouse::JoinDefaults::ClickHouse},
        {"ThreeFullClickHouseDefaults",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "FULL OUTER JOIN c ON b.cid = c.id"},
         {"a.id", "a.name", "b.name", "c.name", "c.id"},
         0,
         {"a.id\ta.name\tb.name\tc.name\tc.id\n0\t\t\tc400\t400\n1\ta1\tb10\tc100\t100\n2\ta2\tb20\tc200\t200\n"
          "3\ta3\t\t\t0\n"},
         clickhouse::JoinDefaults::ClickHouse},
        // SEMI and ANTI (IN over NULL-guarded keys where the server lacks the syntax), CROSS, USING, ANY.
        {"TwoLeftSemi", "a", {"LEFT SEMI JOIN b ON a.bid = b.id"}, {"a.name"}, 0, {"name\na1\na2\n"}},
        {"TwoLeftAnti", "a", {"LEFT ANTI JOIN b ON a.bid = b.id"}, {"a.name", "a.bid"}, 0, {"name\tbid\na3\t99\n"}},
        {"TwoRightSemi", "a", {"RIGHT SEMI JOIN b ON a.bid = b.id"}, {"b.name"}, 0, {"name\nb10\nb20\n"}},
        {"TwoRightAnti", "a", {"RIGHT ANTI JOIN b ON a.bid = b.id"}, {"b.name"}, 0, {"name\nb30\n"}},
        {"SemiWithSeveralKeys",
         "a",
         {"LEFT SEMI JOIN b ON a.bid = b.id AND b.aid = a.id"},
         {"a.name"},
         0,
         {"name\na1\n"}},
        {"ThreeLeftThenAntiKeepsNullKeys",
         "a",
         {"LEFT JOIN b ON a.bid = b.id", "LEFT ANTI JOIN c ON b.cid = c.id"},
         {"a.name", "b.name"},
         0,
         {"a.name\tb.name\na3\t\\N\n"}},
        {"ThreeRightSemiThenLeft",
         "a",
         {"RIGHT SEMI JOIN b ON a.bid = b.id", "LEFT JOIN c ON b.cid = c.id"},
         {"b.name", "c.name"},
         0,
         {"b.name\tc.name\nb10\tc100\nb20\tc200\n"}},
        {"TwoCross",
         "e",
         {"CROSS JOIN c"},
         {"e.tag", "c.name"},
         0,
         {"tag\tname\nt1\tc100\nt1\tc200\nt1\tc400\nt3\tc100\nt3\tc200\nt3\tc400\n"}},
        {"TwoUsing", "b", {"LEFT JOIN e USING (aid)"}, {"b.name", "e.tag"}, 0, {"name\ttag\nb10\tt1\nb20\t\\N\nb30\tt3\n"}},
        {"TwoAnyLeft", "c", {"ANY LEFT JOIN d ON c.id = d.cid"}, {"c.name"}, 0, {"name\nc100\nc200\nc400\n"}},
        // Names that need quoting, and a preview of one table (no joins) with a LIMIT.
        {"NamesThatNeedQuoting",
         "my table",
         {"LEFT JOIN `other\\`t` ON `my table`.`the id` = `other\\`t`.`the id`"},
         {"`my table`.`the id`", "`my table`.`x;y`", "`other\\`t`.`--z`"},
         0,
         {"the id\tx;y\t--z\n1\tone\tuno\n2\ttwo\t\\N\n"}},
        {"PreviewOfOneTable",
         "a",
         {},
         {"name", "id"},
         2,
         {"name\tid\na1\t1\na2\t2\n", "name\tid\na1\t1\na3\t3\n", "name\tid\na2\t2\na3\t3\n"}},
    };
    return cases;
}

std::string sorted_result(const std::string& tsv_with_names) {
    std::istringstream in(tsv_with_names);
    std::string header;
    std::getline(in, header);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) {
        rows.push_back(line);
    }
    std::sort(rows.begin(), rows.end());
    std::string out = header + "\n";
    for (const auto& row : rows) {
        out += row + "\n";
    }
    return out;
}

} // namespace ferry::test
