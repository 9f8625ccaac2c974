#include "modern/chdb_engine.h"

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace ferry::modern {

namespace {

// The package ships libchdb.so without its header; these match programs/local/chdb.h of chDB 26.x (the
// handle-based API, stable since chDB 3.x). Opaque types stay opaque: only pointers cross.
struct chdb_result;
struct chdb_connection_;
using chdb_connection = chdb_connection_*;

using ConnectFn = chdb_connection* (*)(int argc, char** argv);
using CloseFn = void (*)(chdb_connection* conn);
using QueryFn = chdb_result* (*)(chdb_connection conn, const char* query, std::size_t query_len,
                                 const char* format, std::size_t format_len);
using BufferFn = char* (*)(chdb_result* result);
using LengthFn = std::size_t (*)(chdb_result* result);
using ErrorFn = const char* (*)(chdb_result* result);
using DestroyFn = void (*)(chdb_result* result);

ChdbEngine* the_engine = nullptr;

} // namespace

struct ChdbEngine::Api {
    ConnectFn connect = nullptr;
    CloseFn close = nullptr;
    QueryFn query = nullptr;
    BufferFn buffer = nullptr;
    LengthFn length = nullptr;
    ErrorFn error = nullptr;
    DestroyFn destroy = nullptr;
};

std::filesystem::path ChdbEngine::default_library() {
    if (const char* path = std::getenv("FERRY_CHDB_LIBRARY"); path && *path) {
        return path;
    }
    return std::filesystem::path(FERRY_SOURCE_DIR) /
           "tests/modern/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so";
}

ChdbEngine::ChdbEngine(const std::filesystem::path& library, const std::filesystem::path& data_dir) {
    if (!std::filesystem::exists(library)) {
        throw std::runtime_error("the ClickHouse engine library " + library.string() +
                                 " is missing: run ./scripts/test-modern.sh (it installs tests/modern's npm "
                                 "package) or set FERRY_CHDB_LIBRARY");
    }
    // RTLD_LOCAL: the engine's own copies of common symbols stay out of Ferry's way.
    handle_ = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
        throw std::runtime_error("cannot load " + library.string() + ": " + dlerror());
    }
    api_ = std::make_unique<Api>();
    const auto symbol = [&](const char* name) {
        void* address = dlsym(handle_, name);
        if (!address) {
            throw std::runtime_error(library.string() + " has no " + name);
        }
        return address;
    };
    api_->connect = reinterpret_cast<ConnectFn>(symbol("chdb_connect"));
    api_->close = reinterpret_cast<CloseFn>(symbol("chdb_close_conn"));
    api_->query = reinterpret_cast<QueryFn>(symbol("chdb_query_n"));
    api_->buffer = reinterpret_cast<BufferFn>(symbol("chdb_result_buffer"));
    api_->length = reinterpret_cast<LengthFn>(symbol("chdb_result_length"));
    api_->error = reinterpret_cast<ErrorFn>(symbol("chdb_result_error"));
    api_->destroy = reinterpret_cast<DestroyFn>(symbol("chdb_destroy_query_result"));

    std::vector<std::string> args = {"ferry_modern_tests", "--path=" + data_dir.string()};
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    auto* connection = api_->connect(static_cast<int>(argv.size()), argv.data());
    if (!connection) {
        throw std::runtime_error("chdb_connect failed for --path=" + data_dir.string());
    }
    connection_ = connection;
}

ChdbEngine::~ChdbEngine() {
    if (connection_) {
        api_->close(static_cast<chdb_connection*>(connection_));
    }
    // The library stays loaded: its threads and atexit handlers outlive the connection.
}

std::string ChdbEngine::query(std::string_view sql, std::string_view format) {
    chdb_result* result = api_->query(*static_cast<chdb_connection*>(connection_), sql.data(), sql.size(),
                                      format.data(), format.size());
    if (!result) {
        throw ChdbError("chdb_query returned nothing for: " + std::string(sql));
    }
    std::string out;
    const char* error = api_->error(result);
    std::string message = error ? error : "";
    if (!error) {
        const char* data = api_->buffer(result);
        out.assign(data ? data : "", data ? api_->length(result) : 0);
    }
    api_->destroy(result);
    if (error) {
        throw ChdbError(message);
    }
    return out;
}

std::string ChdbEngine::version() {
    std::string text = query("SELECT version()");
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

ChdbEngine& engine() {
    if (!the_engine) {
        throw std::runtime_error("the ClickHouse engine is not open");
    }
    return *the_engine;
}

void set_engine(ChdbEngine* engine) {
    the_engine = engine;
}

} // namespace ferry::modern
