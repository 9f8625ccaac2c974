#pragma once
/// Each user's own data directory. In users mode, DATA/users/NAME (created on first use) plus the shared
/// folder; in local and token mode there is one user, whose directory is DATA itself, as before.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/data_dir.h"

namespace ferry::server {

class UserFolders {
public:
    /// `per_user`: users mode. `shared` (users mode only): a folder DATA/NAME every user sees; read-only for
    /// users, writable for admins.
    UserFolders(const DataDir& root, bool per_user, std::string shared_name);

    /// The data directory of `user`; `admin` may write into the shared folder.
    const DataDir& for_user(const std::string& user, bool admin);

private:
    const DataDir& root_;
    bool per_user_;
    std::string shared_name_;
    std::mutex mutex_;
    std::map<std::pair<std::string, bool>, std::unique_ptr<DataDir>> folders_;
};

} // namespace ferry::server
