#include "api_support.h"

#include <curl/curl.h>

#include <chrono>
#include <thread>

namespace ferry::test {

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of("\r\n \t") + 1);
        (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
    }
    return size * count;
}

} // namespace

HttpResult http(const std::string& base_url, const HttpCall& call) {
    HttpResult result;
    CURL* curl = curl_easy_init();
    const std::string url = base_url + call.path;
    curl_slist* headers = nullptr;
    for (const auto& header : call.headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    }
    if (call.method == "POST" || call.method == "PUT") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, call.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    if (!call.source_address.empty()) {
        curl_easy_setopt(curl, CURLOPT_INTERFACE, ("host!" + call.source_address).c_str());
    }
    if (!call.ca_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, call.ca_file.c_str());
    }
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        result.error = curl_easy_strerror(code);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return result;
}

void ApiTest::SetUp() {
    ClickHouseTest::SetUp();
    data_dir_ = scratch("data");
    web_dir_ = scratch("web");
    std::filesystem::create_directories(data_dir_);
    std::filesystem::create_directories(web_dir_ / "assets");
    write_file(web_dir_ / "index.html", "<!doctype html><title>Ferry</title>");
    write_file(web_dir_ / "assets" / "app.js", "console.log('ferry')");
    start_server();
}

void ApiTest::start_server() {
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.data_dir = data_dir_;
    options.web_dir = web_dir_;
    configure(options);
    server_ = std::make_unique<server::Server>(options);
    server_->start();
}

void ApiTest::TearDown() {
    server_.reset();
    ClickHouseTest::TearDown();
}

HttpResult ApiTest::call(HttpCall call) {
    return http(server_->url(), call);
}

HttpResult ApiTest::get(const std::string& path, std::vector<std::string> headers) {
    return call(HttpCall{"GET", path, "", std::move(headers)});
}

HttpResult ApiTest::post(const std::string& path, const std::string& body, std::vector<std::string> headers) {
    headers.push_back("Content-Type: application/json");
    return call(HttpCall{"POST", path, body, std::move(headers)});
}

HttpResult ApiTest::del(const std::string& path) {
    return call(HttpCall{"DELETE", path, "", {}});
}

std::string ApiTest::connection_json(const std::string& user, const std::string& password) const {
    const auto c = connection();
    std::string json = R"({"host": ")" + c.host + R"(", "port": )" + std::to_string(c.port) +
                       R"(, "secure": false, "database": ")" + c.database + R"(", "user": ")" + user + R"(")";
    if (!password.empty()) {
        json += R"(, "password": ")" + password + R"(")";
    }
    return json + "}";
}

std::string ApiTest::wait_for_job(const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (true) {
        const auto result = get("/api/jobs/" + id);
        const bool finished = result.body.find(R"("status":"completed")") != std::string::npos ||
                              result.body.find(R"("status":"failed")") != std::string::npos ||
                              result.body.find(R"("status":"cancelled")") != std::string::npos;
        if (result.status != 200 || finished || std::chrono::steady_clock::now() > deadline) {
            return result.body;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

} // namespace ferry::test
