/// The statements of an import's load and commit (clickhouse/load_sql.h) on the real 18.16 server: the
/// same scenarios, with the same expected answers, as the ClickHouse 26.5 lane runs
/// (tests/support/load_scenarios.h).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "clickhouse/http_client.h"
#include "support/clickhouse_fixture.h"
#include "support/load_scenarios.h"

namespace ferry::test {
namespace {

class LoadSqlTest : public ClickHouseTest {
protected:
    SqlRunner server() {
        return {[this](const std::string& sql) { return query(sql); },
                [this](const std::string& sql, const std::string& body) {
                    clickhouse::HttpClient client(connection());
                    std::size_t offset = 0;
                    client.insert(sql, [&](char* dst, std::size_t capacity) {
                        const std::size_t size = std::min(capacity, body.size() - offset);
                        std::memcpy(dst, body.data() + offset, size);
                        offset += size;
                        return size;
                    });
                }};
    }
};

TEST_F(LoadSqlTest, CreateTableFromTheFilesSchema) {
    create_table_from_schema(server());
}

TEST_F(LoadSqlTest, StagingThenAttachPartitionsCommitsEveryRowOnce) {
    staging_then_attach_partitions(server());
}

TEST_F(LoadSqlTest, TablesWithoutPartitionsCommitWithInsertSelect) {
    staging_then_insert_select(server());
}

TEST_F(LoadSqlTest, LeftoverAndInUseQueriesRun) {
    leftover_staging_queries(server());
}

TEST_F(LoadSqlTest, ReplaceModeReplacesAndDropsPartitions) {
    staging_replace_partitions(server());
}

TEST_F(LoadSqlTest, StagingCopyFiresMaterializedViews) {
    staging_copy_fires_views(server());
}

// The probe behind direct loads' deduplication tokens: 18.16 has no insert_deduplication_token (22.x+;
// the 26.5 lane checks that side).
TEST_F(LoadSqlTest, SessionSettingsProbeOnThisServer) {
    clickhouse::HttpClient client(connection());
    EXPECT_EQ(session_settings_probe(server()), client.server_major_version() >= 22)
        << client.server_version();
}

} // namespace
} // namespace ferry::test
