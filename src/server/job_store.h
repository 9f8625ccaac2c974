#pragma once
/// The web app's job history, kept on disk so that it survives a restart of `ferry serve`: one JSON
/// record per job (the job object of the API, see docs/api.md), each in its own file
/// `<data dir>/.ferry/jobs/<id>.json`, written atomically (temporary file, fsync, rename). Records hold
/// no secrets: they are made from the registry's snapshots, whose requests have none.
///
/// A record found queued or running when the store opens belongs to a server that died mid-job: it is
/// marked `interrupted`, keeping the counts it had (rows_committed says what is in the target).
/// Thread-safe; one server per data directory.

#include <boost/json.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::server {

class JobStore {
public:
    /// Reads the records in `directory` (created with the first record) the records in it; unreadable files are skipped with a
    /// warning on stderr. Keeps at most `max_records`, dropping the oldest finished ones.
    explicit JobStore(std::filesystem::path directory, std::size_t max_records = 1000);

    /// Stores a record under its "id", unless the stored record has a higher "revision" (an older
    /// snapshot arriving late). Throws ferry::Error(File) when it cannot be written.
    void put(boost::json::object record);
    std::optional<boost::json::object> get(std::string_view id) const;
    /// All records, newest first (by "created", then id).
    std::vector<boost::json::object> list() const;

    const std::filesystem::path& directory() const { return directory_; }

private:
    void write(const boost::json::object& record) const;
    void trim();

    std::filesystem::path directory_;
    std::size_t max_records_;
    mutable std::mutex mutex_;
    std::map<std::string, boost::json::object, std::less<>> records_;
};

/// True for a record's status "queued" or "running".
bool is_unfinished(const boost::json::object& record);

} // namespace ferry::server
