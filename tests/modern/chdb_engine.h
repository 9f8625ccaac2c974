#pragma once
/// The ClickHouse 26.5 engine as an in-process library: chDB's libchdb.so (npm @chdb/lib-linux-x64-gnu),
/// loaded with dlopen once per test program. Tests only: it stands in for the server's engine, never for
/// its HTTP interface, so Ferry's SQL builders, encoders and parsers are run against it directly.
/// Not thread-safe: one connection, one statement at a time.

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ferry::modern {

class ChdbEngine {
public:
    /// Loads the library (FERRY_CHDB_LIBRARY, else tests/modern/node_modules/...) and connects with its
    /// data under `data_dir`. Throws std::runtime_error naming the path and dlerror() when it cannot.
    ChdbEngine(const std::filesystem::path& library, const std::filesystem::path& data_dir);
    ~ChdbEngine();
    ChdbEngine(const ChdbEngine&) = delete;
    ChdbEngine& operator=(const ChdbEngine&) = delete;

    /// Runs `sql` and returns the output in `format`. Throws ChdbError with the engine's message.
    std::string query(std::string_view sql, std::string_view format = "TabSeparated");
    /// The engine's version, e.g. "26.5.1.1".
    std::string version();

    /// The library the tests use: $FERRY_CHDB_LIBRARY, else the npm package under tests/modern.
    static std::filesystem::path default_library();

private:
    struct Api;
    void* handle_ = nullptr;
    std::unique_ptr<Api> api_;
    void* connection_ = nullptr; ///< chdb_connection*
};

/// A statement the engine refused; what() is its message ("Code: 62. DB::Exception: Syntax error...").
class ChdbError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The engine of this test program, opened by main() before any test runs.
ChdbEngine& engine();
void set_engine(ChdbEngine* engine);

} // namespace ferry::modern
