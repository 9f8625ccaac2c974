#pragma once
/// The JOIN sources of build_select() with their expected results, shared by the 18.16 integration tests
/// (tests/integration/join_test.cpp) and the ClickHouse 26.5 lane (tests/modern/statements_test.cpp): the
/// same statements must give the same rows on both. Four small tables a, b, c, d; every join kind as the
/// 2nd, 3rd and 4th table, with column selection, the renaming of shared names, LIMIT (previews) and names
/// that need quoting.

#include <cstddef>
#include <string>
#include <vector>

#include "clickhouse/join.h"

namespace ferry::test {

/// Statements that create and fill the tables (in the current database).
const std::vector<std::string>& join_tables();

struct JoinCase {
    std::string name;
    std::string base;
    std::vector<std::string> joins; ///< parse_join() texts
    std::vector<std::string> columns;
    std::size_t limit = 0;
    /// The header line, then the rows sorted (join output order is not defined); any one of these.
    std::vector<std::string> expected;
    clickhouse::JoinDefaults defaults = clickhouse::JoinDefaults::Sql;
};

const std::vector<JoinCase>& join_cases();

/// A result with a header line (TSVWithNames, or an exported CSV file) as JoinCase::expected spells it: the
/// header, then the rows sorted (a join's output order is not defined).
std::string sorted_result(const std::string& tsv_with_names);

} // namespace ferry::test
