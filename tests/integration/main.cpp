#include <gtest/gtest.h>

#include "support/clickhouse_fixture.h"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new ferry::test::ClickHouseServer);
    return RUN_ALL_TESTS();
}
