#pragma once
/// The fixture of the modern lane: each test gets its own database in the ClickHouse 26.5 engine (made
/// current with USE, as the HTTP `database` parameter makes it for Ferry) and a scratch directory for the
/// files it hands the engine; both are dropped afterwards.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "modern/chdb_engine.h"

namespace ferry::modern {

class ModernTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    /// Runs `sql`, returns its TabSeparated output (or `format`'s).
    std::string query(std::string_view sql, std::string_view format = "TabSeparated") {
        return engine().query(sql, format);
    }
    /// Runs `sql` and expects the engine to refuse it; returns the engine's message.
    std::string query_error(std::string_view sql);
    /// Writes `bytes` to a file in this test's directory and returns its absolute path.
    std::string write_file(const std::string& name, std::string_view bytes);

    const std::string& database() const { return database_; }
    const std::filesystem::path& directory() const { return directory_; }

private:
    std::string database_;
    std::filesystem::path directory_;
};

/// The rows of a TabSeparated body, each a vector of (still escaped) fields.
std::vector<std::vector<std::string>> split_tsv(std::string_view body);

} // namespace ferry::modern
