#include "server/data_dir.h"

#include <algorithm>

#include "server/http_message.h"

namespace ferry::server {

namespace fs = std::filesystem;

namespace {

HttpError bad_path(std::string_view name, std::string_view why) {
    return HttpError(400, ErrorKind::File,
                     "invalid file name '" + printable_value(name) + "': " + std::string(why));
}

bool is_within(const fs::path& root, const fs::path& path) {
    const auto rel = path.lexically_relative(root);
    return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

} // namespace

fs::path resolve_within(const fs::path& root, std::string_view relative) {
    if (relative.empty()) {
        throw bad_path(relative, "the name is empty");
    }
    if (relative.find('\0') != std::string_view::npos) {
        throw bad_path(relative, "the name contains a NUL byte");
    }
    const fs::path path(relative);
    if (path.is_absolute() || relative.front() == '/') {
        throw bad_path(relative, "absolute paths are not allowed; names are relative to the data directory");
    }
    for (const auto& part : path) {
        if (part == "..") {
            throw bad_path(relative, "'..' is not allowed");
        }
    }
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(root / path, ec);
    if (ec) {
        throw HttpError(400, ErrorKind::File,
                        "cannot resolve '" + printable_value(relative) + "': " + ec.message());
    }
    if (!is_within(root, resolved)) {
        throw HttpError(403, ErrorKind::File,
                        "'" + printable_value(relative) + "' leads outside the data directory");
    }
    // Ferry's own records (job history) are not files of the user's to read, overwrite or load.
    if (*resolved.lexically_relative(root).begin() == kPrivateFolder) {
        throw HttpError(403, ErrorKind::File,
                        "'" + printable_value(relative) + "' is in Ferry's own folder " +
                            std::string(kPrivateFolder));
    }
    return resolved;
}

namespace {

fs::path canonical_directory(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    auto path = fs::canonical(dir, ec);
    if (ec) {
        throw Error(ErrorKind::File, "cannot use data directory '" + dir.string() + "': " + ec.message());
    }
    return path;
}

} // namespace

DataDir::DataDir(const fs::path& root, std::optional<SharedFolder> shared)
    : root_(canonical_directory(root.empty() ? fs::current_path() : root)), shared_(std::move(shared)) {
    if (shared_) {
        shared_->path = canonical_directory(shared_->path);
    }
}

std::optional<fs::path> DataDir::resolve_shared(std::string_view relative) const {
    if (!shared_ || !relative.starts_with(shared_->name) || relative.size() <= shared_->name.size() + 1 ||
        relative[shared_->name.size()] != '/') {
        return std::nullopt;
    }
    return resolve_within(shared_->path, relative.substr(shared_->name.size() + 1));
}

fs::path DataDir::resolve(std::string_view relative) const {
    if (auto shared = resolve_shared(relative)) {
        if (!shared_->writable) {
            throw HttpError(403, ErrorKind::Forbidden,
                            "the shared folder '" + shared_->name + "' is read-only; write '" +
                                printable_value(relative) + "' to your own folder instead");
        }
        return *shared;
    }
    return resolve_within(root_, relative);
}

fs::path DataDir::resolve_existing(std::string_view relative) const {
    auto shared = resolve_shared(relative);
    auto path = shared ? *shared : resolve_within(root_, relative);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw HttpError(404, ErrorKind::File,
                        "no file '" + printable_value(relative) + "' in the data directory");
    }
    return path;
}

bool DataDir::is_read_only(const fs::path& path) const {
    return shared_ && !shared_->writable && is_within(shared_->path, path);
}

std::string DataDir::relative_name(const fs::path& path) const {
    if (shared_ && is_within(shared_->path, path)) {
        return shared_->name + "/" + path.lexically_relative(shared_->path).generic_string();
    }
    const auto rel = path.lexically_relative(root_);
    return rel.empty() ? path.string() : rel.generic_string();
}

std::vector<FileEntry> list_folder(const fs::path& root_);

std::vector<FileEntry> DataDir::list() const {
    auto files = list_folder(root_);
    if (shared_) {
        for (auto& file : list_folder(shared_->path)) {
            file.name = shared_->name + "/" + file.name;
            files.push_back(std::move(file));
        }
    }
    return files;
}

std::vector<FileEntry> list_folder(const fs::path& root_) {
    std::vector<FileEntry> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        const auto name = entry.path().filename().string();
        std::error_code entry_ec;
        if (name.starts_with('.') || !entry.is_regular_file(entry_ec)) {
            continue;
        }
        if (entry.is_symlink(entry_ec) && !is_within(root_, fs::weakly_canonical(entry.path(), entry_ec))) {
            continue;
        }
        FileEntry file;
        file.name = name;
        file.size = entry.file_size(entry_ec);
        file.modified = entry.last_write_time(entry_ec);
        if (!entry_ec) {
            files.push_back(std::move(file));
        }
    }
    if (ec) {
        throw Error(ErrorKind::File, "cannot list the data directory: " + ec.message());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return files;
}

std::vector<FileEntry> DataDir::list_tree() const {
    std::vector<FileEntry> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator() && files.size() < kMaxListed; it.increment(ec)) {
        const auto& entry = *it;
        const auto name = entry.path().filename().string();
        std::error_code entry_ec;
        if (name.starts_with('.') || (entry.is_directory(entry_ec) && it.depth() + 1 >= kMaxDepth)) {
            // Hidden (kPrivateFolder, temporary uploads) or too deep: neither listed nor entered.
            if (entry.is_directory(entry_ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!entry.is_regular_file(entry_ec) ||
            (entry.is_symlink(entry_ec) && !is_within(root_, fs::weakly_canonical(entry.path(), entry_ec)))) {
            continue;
        }
        FileEntry file;
        file.name = relative_name(entry.path());
        file.size = entry.file_size(entry_ec);
        file.modified = entry.last_write_time(entry_ec);
        if (!entry_ec) {
            files.push_back(std::move(file));
        }
    }
    if (ec) {
        throw Error(ErrorKind::File, "cannot list the data directory: " + ec.message());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return files;
}

} // namespace ferry::server
