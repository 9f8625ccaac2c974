/// The lane's own ground: the engine is ClickHouse 26.5 and behaves as a server would for what the other
/// tests rely on (a current database per session, file() reading absolute paths, errors as exceptions).

#include "modern/modern_test.h"

namespace ferry::modern {
namespace {

using EngineTest = ModernTest;

TEST_F(EngineTest, IsClickHouse26WithASessionDatabase) {
    const std::string version = engine().version();
    EXPECT_TRUE(version.starts_with("26.")) << version;
    EXPECT_EQ(query("SELECT currentDatabase()"), database() + "\n");
    EXPECT_EQ(query("SELECT timezone()"), "Etc/UTC\n");
}

TEST_F(EngineTest, RefusedStatementsCarryTheServersMessage) {
    EXPECT_NE(query_error("SELECT * FROM no_such_table").find("UNKNOWN_TABLE"), std::string::npos);
    // The session is still usable afterwards.
    EXPECT_EQ(query("SELECT 1"), "1\n");
}

} // namespace
} // namespace ferry::modern
