#include "server/rerun_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

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

pipeline::FileFingerprint fingerprint_of(const json::object& object) {
    pipeline::FileFingerprint fingerprint;
    fingerprint.size = static_cast<std::uint64_t>(number_at(object, {"size"}).value_or(-1));
    fingerprint.modified_ns = number_at(object, {"mtime_ns"}).value_or(-1);
    fingerprint.digest = text_at(object, {"digest"});
    return fingerprint;
}

/// A record's input files: "fingerprints" (one per file), or the single "fingerprint" of older records.
std::vector<pipeline::FileFingerprint> fingerprints_of(const json::object& record) {
    std::vector<pipeline::FileFingerprint> out;
    if (const auto* list = at_path(record, {"source", "fingerprints"}); list && list->is_array()) {
        for (const auto& item : list->as_array()) {
            if (item.is_object()) {
                out.push_back(fingerprint_of(item.as_object()));
            }
        }
    } else if (const auto* one = at_path(record, {"source", "fingerprint"}); one && one->is_object()) {
        out.push_back(fingerprint_of(one->as_object()));
    }
    return out;
}

/// Same files in any order: the order of a glob or a pick says nothing about what was loaded.
std::vector<pipeline::FileFingerprint> sorted(std::vector<pipeline::FileFingerprint> fingerprints) {
    std::sort(fingerprints.begin(), fingerprints.end(), [](const auto& a, const auto& b) {
        return std::tie(a.size, a.modified_ns, a.digest) < std::tie(b.size, b.modified_ns, b.digest);
    });
    return fingerprints;
}

/// "people.csv", or "3 files (a.csv, b.csv, c.csv)" / "40 files (a.csv, b.csv, c.csv, ...)".
std::string files_named(const json::object& record) {
    const auto* paths = at_path(record, {"source", "paths"});
    if (paths == nullptr || !paths->is_array() || paths->as_array().size() < 2) {
        return text_at(record, {"source", "path"});
    }
    const auto& list = paths->as_array();
    std::string names;
    constexpr std::size_t kNamed = 3;
    for (std::size_t i = 0; i < list.size() && i < kNamed; ++i) {
        names += (i ? ", " : "") + (list[i].is_string() ? std::string(list[i].as_string()) : std::string("?"));
    }
    if (list.size() > kNamed) {
        names += ", ...";
    }
    return fmt::format("{} files ({})", list.size(), names);
}

} // namespace

std::optional<json::object> find_previous_load(const std::vector<json::object>& records,
                                               const pipeline::ImportRequest& request,
                                               const std::vector<pipeline::FileFingerprint>& fingerprints) {
    const auto wanted = sorted(fingerprints);
    // A replace after a completed load cannot duplicate rows (the table ends up holding the files once,
    // whatever it held); one still queued or running is a double click all the same.
    const bool completed_counts = request.mode != pipeline::LoadMode::Replace;
    for (const auto& record : records) {
        const auto status = text_at(record, {"status"});
        if (text_at(record, {"kind"}) != "import" ||
            ((status != "completed" || !completed_counts) && status != "queued" && status != "running")) {
            continue;
        }
        const bool same_table = text_at(record, {"target", "table"}) == request.table &&
                                text_at(record, {"target", "connection", "host"}) == request.connection.host &&
                                number_at(record, {"target", "connection", "port"}) == request.connection.port &&
                                text_at(record, {"target", "connection", "database"}) == request.connection.database;
        if (same_table && !wanted.empty() && sorted(fingerprints_of(record)) == wanted) {
            return record;
        }
    }
    return std::nullopt;
}

std::string previous_load_message(const json::object& previous) {
    const auto file = files_named(previous);
    const bool several = at_path(previous, {"source", "paths"}) != nullptr &&
                         at_path(previous, {"source", "paths"})->is_array() &&
                         at_path(previous, {"source", "paths"})->as_array().size() > 1;
    const auto table = text_at(previous, {"target", "table"});
    const auto job = text_at(previous, {"id"}).substr(0, 8);
    if (text_at(previous, {"status"}) != "completed") {
        return fmt::format("{} {} being loaded into `{}` right now (job {}, started {}); wait for it to finish, "
                           "or send \"again\": true to load {} a second time",
                           file, several ? "are" : "is", table, job, readable_time(text_at(previous, {"created"})),
                           several ? "them" : "it");
    }
    const auto rows = static_cast<std::uint64_t>(number_at(previous, {"rows_committed"}).value_or(0));
    return fmt::format("{} {} already loaded into `{}` at {} ({} row{}, job {}); to load {} again, send "
                       "\"again\": true",
                       file, several ? "were" : "was", table, readable_time(text_at(previous, {"finished"})),
                       with_separators(rows), rows == 1 ? "" : "s", job, several ? "them" : "it");
}

} // namespace ferry::server
