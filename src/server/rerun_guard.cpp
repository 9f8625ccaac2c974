#include "server/rerun_guard.h"

#include <fmt/format.h>

namespace ferry::server {

namespace json = boost::json;

namespace {

const json::value* at_path(const json::object& object, std::initializer_list<std::string_view> keys) {
    const json::value* value = nullptr;
    const json::object* current = &object;
    for (const auto key : keys) {
        if (current == nullptr || (value = current->if_contains(key)) == nullptr) {
            return nullptr;
        }
        current = value->if_object();
    }
    return value;
}

std::string text_at(const json::object& object, std::initializer_list<std::string_view> keys) {
    const auto* value = at_path(object, keys);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::optional<std::int64_t> number_at(const json::object& object, std::initializer_list<std::string_view> keys) {
    const auto* value = at_path(object, keys);
    if (value == nullptr || !value->is_number()) {
        return std::nullopt;
    }
    std::error_code ec;
    const auto number = value->to_number<std::int64_t>(ec);
    return ec ? std::nullopt : std::optional<std::int64_t>(number);
}

/// 200000 -> "200,000"
std::string with_separators(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

/// "2024-05-01T12:03:04.123Z" -> "2024-05-01 12:03:04 UTC"
std::string readable_time(std::string iso) {
    if (iso.size() < 19) {
        return iso;
    }
    iso = iso.substr(0, 19);
    iso[10] = ' ';
    return iso + " UTC";
}

} // namespace

std::optional<json::object> find_previous_load(const std::vector<json::object>& records,
                                               const pipeline::ImportRequest& request,
                                               const pipeline::FileFingerprint& fingerprint) {
    for (const auto& record : records) {
        const auto status = text_at(record, {"status"});
        if (text_at(record, {"kind"}) != "import" ||
            (status != "completed" && status != "queued" && status != "running")) {
            continue;
        }
        const bool same_table = text_at(record, {"target", "table"}) == request.table &&
                                text_at(record, {"target", "connection", "host"}) == request.connection.host &&
                                number_at(record, {"target", "connection", "port"}) == request.connection.port &&
                                text_at(record, {"target", "connection", "database"}) == request.connection.database;
        const bool same_file =
            number_at(record, {"source", "fingerprint", "size"}) == static_cast<std::int64_t>(fingerprint.size) &&
            number_at(record, {"source", "fingerprint", "mtime_ns"}) == fingerprint.modified_ns &&
            text_at(record, {"source", "fingerprint", "digest"}) == fingerprint.digest;
        if (same_table && same_file) {
            return record;
        }
    }
    return std::nullopt;
}

std::string previous_load_message(const json::object& previous) {
    const auto file = text_at(previous, {"source", "path"});
    const auto table = text_at(previous, {"target", "table"});
    const auto job = text_at(previous, {"id"}).substr(0, 8);
    if (text_at(previous, {"status"}) != "completed") {
        return fmt::format("{} is being loaded into `{}` right now (job {}, started {}); wait for it to finish, "
                           "or send \"again\": true to load it a second time",
                           file, table, job, readable_time(text_at(previous, {"created"})));
    }
    const auto rows = static_cast<std::uint64_t>(number_at(previous, {"rows_committed"}).value_or(0));
    return fmt::format("{} was already loaded into `{}` at {} ({} row{}, job {}); to load it again, send "
                       "\"again\": true",
                       file, table, readable_time(text_at(previous, {"finished"})), with_separators(rows),
                       rows == 1 ? "" : "s", job);
}

} // namespace ferry::server
