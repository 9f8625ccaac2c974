#include "server/user_folders.h"

#include "common/error.h"

namespace ferry::server {

UserFolders::UserFolders(const DataDir& root, bool per_user, std::string shared_name)
    : root_(root), per_user_(per_user), shared_name_(std::move(shared_name)) {
    if (!shared_name_.empty() && (shared_name_ == "users" || shared_name_.starts_with('.') ||
                                  shared_name_.find('/') != std::string::npos)) {
        throw Error(ErrorKind::Usage, "--shared-folder '" + shared_name_ +
                                          "' must be a plain folder name other than 'users' (which holds "
                                          "each user's folder)");
    }
}

const DataDir& UserFolders::for_user(const std::string& user, bool admin) {
    if (!per_user_) {
        return root_;
    }
    std::lock_guard lock(mutex_);
    auto& folder = folders_[{user, admin}];
    if (!folder) {
        // User names are checked when the users file is read (letters, digits, '.', '_', '-'; no leading
        // '.'), so a name is always one folder inside DATA/users.
        std::optional<SharedFolder> shared;
        if (!shared_name_.empty()) {
            shared = SharedFolder{shared_name_, root_.root() / shared_name_, admin};
        }
        folder = std::make_unique<DataDir>(root_.root() / "users" / user, std::move(shared));
    }
    return *folder;
}

} // namespace ferry::server
