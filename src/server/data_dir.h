#pragma once
/// The one directory the API may read and write. Every user-supplied name goes through resolve(), which
/// refuses anything that could leave the directory: absolute paths, `..` components, and symlinks that
/// point outside.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::server {

/// Ferry's own folder inside the data directory (job records); no API route reads or writes in it.
inline constexpr std::string_view kPrivateFolder = ".ferry";

struct FileEntry {
    std::string name;
    std::uint64_t size = 0;
    std::filesystem::file_time_type modified;
};

/// Resolves `relative` (already percent-decoded) under `root` (canonical). Throws HttpError: 400 (kind
/// file) for an empty name, an absolute path, a `..` component or a NUL byte; 403 when the path, symlinks
/// resolved, leaves `root` or is `root` itself, or is inside kPrivateFolder.
std::filesystem::path resolve_within(const std::filesystem::path& root, std::string_view relative);

/// A folder seen by every user of a shared server, under its own name: "shared/a.csv" names
/// `<path>/a.csv`. Read-only unless `writable` (then uploads and exports may go there too).
struct SharedFolder {
    std::string name;
    std::filesystem::path path;
    bool writable = false;
};

class DataDir {
public:
    /// Creates the directory when missing; an empty path means the current directory.
    explicit DataDir(const std::filesystem::path& root, std::optional<SharedFolder> shared = std::nullopt);

    const std::filesystem::path& root() const { return root_; }

    /// A safe absolute path for a user-supplied relative name (see resolve_within), to write to: a name in a
    /// read-only shared folder is HttpError(403, forbidden).
    std::filesystem::path resolve(std::string_view relative) const;
    /// resolve(), and then the file must exist as a regular file: HttpError(404) otherwise.
    std::filesystem::path resolve_existing(std::string_view relative) const;
    /// True for a path inside a read-only shared folder (where Ferry must not write, e.g. a rejects file).
    bool is_read_only(const std::filesystem::path& path) const;
    /// The name of a path under the root, relative to it ("sub/a.csv"), for showing back to the user.
    std::string relative_name(const std::filesystem::path& path) const;

    /// Regular files directly in the directory, by name, then those of the shared folder ("shared/a.csv");
    /// hidden files (temporary uploads) and symlinks that lead outside are left out.
    std::vector<FileEntry> list() const;
    /// list(), and the files in its folders too ("logs/2024-05-01.csv.gz"), so that a client can pick a
    /// folder's files as one import: hidden folders are skipped, symlinked folders not followed, at most
    /// kMaxDepth levels down and kMaxListed files.
    std::vector<FileEntry> list_tree() const;
    static constexpr int kMaxDepth = 4;
    static constexpr std::size_t kMaxListed = 10000;

private:
    /// The shared folder's resolved path for a name inside it, or nullopt for a name outside it.
    std::optional<std::filesystem::path> resolve_shared(std::string_view relative) const;

    std::filesystem::path root_;
    std::optional<SharedFolder> shared_; ///< path canonical
};

} // namespace ferry::server
