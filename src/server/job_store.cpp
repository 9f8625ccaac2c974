#include "server/job_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/error.h"
#include "io/write_stream.h"

namespace ferry::server {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string string_of(const json::object& record, std::string_view key) {
    const auto* value = record.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::uint64_t number_of(const json::object& record, std::string_view key) {
    const auto* value = record.if_contains(key);
    if (value == nullptr || !value->is_number()) {
        return 0;
    }
    std::error_code ec;
    const auto number = value->to_number<std::uint64_t>(ec);
    return ec ? 0 : number;
}

/// Newest first: "created" is ISO 8601 UTC with milliseconds, so text order is time order.
bool newer(const json::object& a, const json::object& b) {
    const auto created_a = string_of(a, "created");
    const auto created_b = string_of(b, "created");
    return created_a != created_b ? created_a > created_b : string_of(a, "id") > string_of(b, "id");
}

/// A job whose server died under it: what it had committed stays in its counts.
void mark_interrupted(json::object& record) {
    const bool is_import = string_of(record, "kind") == "import";
    const auto committed = number_of(record, "rows_committed");
    const auto* atomic = record.if_contains("atomic");
    const bool all_or_nothing = atomic == nullptr || !atomic->is_bool() || atomic->as_bool();
    std::string message = "ferry serve stopped while this job was running; ";
    if (!is_import) {
        message += "no file was written";
    } else if (committed == 0 && all_or_nothing) {
        message += "0 rows loaded (the import is all-or-nothing: the table is as it was)";
    } else {
        message += fmt::format("{} rows had been loaded", committed);
    }
    record["status"] = "interrupted";
    record["phase"] = "Interrupted";
    record["error"] = json::object{{"kind", "cancelled"}, {"message", message}};
}

bool is_record_name(const fs::path& path) {
    const auto name = path.filename().string();
    return !name.starts_with('.') && path.extension() == ".json";
}

/// Ids are 32 hex digits (pipeline::JobRegistry); anything else never becomes a file name.
bool is_valid_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 &&
           std::all_of(id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

} // namespace

bool is_unfinished(const json::object& record) {
    const auto status = string_of(record, "status");
    return status == "queued" || status == "running";
}

JobStore::JobStore(fs::path directory, std::size_t max_records)
    : directory_(std::move(directory)), max_records_(max_records == 0 ? 1 : max_records) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory_, ec)) {
        if (!entry.is_regular_file() || !is_record_name(entry.path())) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code parse_error;
        auto value = json::parse(text.str(), parse_error);
        const std::string id = value.is_object() ? string_of(value.as_object(), "id") : std::string();
        if (parse_error || id + ".json" != entry.path().filename().string() || !is_valid_id(id)) {
            std::cerr << "ferry serve: ignoring unreadable job record " << entry.path().string() << std::endl;
            continue;
        }
        auto record = std::move(value.as_object());
        if (is_unfinished(record)) {
            mark_interrupted(record);
            try {
                write(record);
            } catch (const std::exception& error) {
                std::cerr << "ferry serve: " << error.what() << std::endl;
            }
        }
        records_.emplace(id, std::move(record));
    }
    trim();
}

void JobStore::put(json::object record) {
    const auto id = string_of(record, "id");
    if (!is_valid_id(id)) {
        throw Error(ErrorKind::Internal, "a job record needs a hexadecimal id");
    }
    std::lock_guard lock(mutex_);
    if (const auto it = records_.find(id);
        it != records_.end() && number_of(it->second, "revision") > number_of(record, "revision")) {
        return;
    }
    write(record);
    records_[id] = std::move(record);
    trim();
}

std::optional<json::object> JobStore::get(std::string_view id) const {
    std::lock_guard lock(mutex_);
    const auto it = records_.find(id);
    if (it == records_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<json::object> JobStore::list() const {
    std::vector<json::object> out;
    {
        std::lock_guard lock(mutex_);
        out.reserve(records_.size());
        for (const auto& [id, record] : records_) {
            out.push_back(record);
        }
    }
    std::sort(out.begin(), out.end(), newer);
    return out;
}

void JobStore::write(const json::object& record) const {
    // Made with the first record, so that a data directory without jobs stays as the user left it.
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec) {
        throw Error(ErrorKind::File,
                    fmt::format("cannot create the job folder {}: {}", directory_.string(), ec.message()));
    }
    io::AtomicFile file(directory_ / (string_of(record, "id") + ".json"));
    file.stream().write(json::serialize(record));
    file.stream().write("\n");
    file.commit();
}

void JobStore::trim() {
    while (records_.size() > max_records_) {
        auto oldest = records_.end();
        for (auto it = records_.begin(); it != records_.end(); ++it) {
            if (!is_unfinished(it->second) && (oldest == records_.end() || newer(oldest->second, it->second))) {
                oldest = it;
            }
        }
        if (oldest == records_.end()) {
            return;
        }
        std::error_code ec;
        fs::remove(directory_ / (oldest->first + ".json"), ec);
        records_.erase(oldest);
    }
}

} // namespace ferry::server
