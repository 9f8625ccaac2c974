#pragma once
/// Exports read through both answers (pipeline/export_answer.h): FERRY_EXPORT_ANSWER=tsv forces the
/// TabSeparated one, =native the Native one without falling back; the files must be byte for byte the same.

#include <cstdint>
#include <filesystem>
#include <string>

#include "support/clickhouse_fixture.h"

namespace ferry::test {

/// Fails the test, naming the first differing line of each, unless `got` is `want`. (EXPECT_EQ on files of
/// megabytes makes gtest diff them line by line, which took 23 GB.)
void expect_same_bytes(const std::string& got, const std::string& want, const std::string& what);

struct ExportAnswers {
    std::uint16_t port;
    std::string database;
    std::filesystem::path dir; ///< where the files go

    /// build/ferry ARGS against the server with FERRY_EXPORT_ANSWER=`answer`.
    CommandResult run(const std::string& answer, const std::string& args) const;
    /// Exports `table` with `flags` through both answers; expects the same bytes and returns them.
    std::string both_ways(const std::string& table, const std::string& flags, const std::string& ext) const;
};

} // namespace ferry::test
