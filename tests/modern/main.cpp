/// ferry_modern_tests: opens the ClickHouse 26.5 engine once (libchdb.so is ~500 MB; loading it per test
/// would cost minutes), runs every test against it, and removes its data directory. A missing library
/// fails the run: this lane is never skipped.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "modern/chdb_engine.h"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    char pattern[] = "/tmp/ferry-modern-XXXXXX";
    const char* dir = mkdtemp(pattern);
    if (!dir) {
        std::cerr << "ferry_modern_tests: cannot create a temporary directory\n";
        return 1;
    }
    const std::filesystem::path data_dir(dir);
    int rc = 1;
    try {
        auto engine = std::make_unique<ferry::modern::ChdbEngine>(
            ferry::modern::ChdbEngine::default_library(), data_dir / "engine");
        ferry::modern::set_engine(engine.get());
        std::cout << "ClickHouse engine " << engine->version() << " (chDB)\n";
        rc = RUN_ALL_TESTS();
        ferry::modern::set_engine(nullptr);
        engine.reset();
    } catch (const std::exception& e) {
        std::cerr << "ferry_modern_tests: " << e.what() << "\n";
        rc = 1;
    }
    std::error_code ignored;
    std::filesystem::remove_all(data_dir, ignored);
    return rc;
}
