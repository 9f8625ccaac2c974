#pragma once
/// The users of `ferry serve --auth users FILE`: one line per user, `name:HASH` or `name:HASH:admin`, where
/// HASH is libsodium's crypto_pwhash_str (Argon2id, salt and costs included). Blank lines and lines starting
/// with '#' are ignored. `ferry users add FILE NAME` writes such lines.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "server/auth/identity.h"

namespace ferry::server::auth {

/// Names become folder names (DATA/users/NAME), so they are kept to letters, digits, '.', '_' and '-', at
/// most 64 characters, not starting with '.'.
bool valid_user_name(std::string_view name);

/// Argon2id hash of `password` at libsodium's "interactive" costs (about 64 MiB and a tenth of a second),
/// for the users file.
std::string hash_password(std::string_view password);

class UserFile {
public:
    /// Reads and checks the file. Throws Error(Usage) naming the line of a malformed entry.
    static UserFile load(const std::filesystem::path& path);
    /// Parses file content (for tests); `origin` names it in errors.
    static UserFile parse(std::string_view content, const std::string& origin);

    /// The user's identity when the password is right, else nullopt. Takes about as long for an unknown
    /// name as for a wrong password, so that timing does not tell which names exist.
    std::optional<Identity> verify(std::string_view name, std::string_view password) const;
    std::size_t size() const { return users_.size(); }

private:
    struct User {
        std::string hash;
        bool admin = false;
    };
    std::map<std::string, User, std::less<>> users_;
};

/// Adds or replaces `name` in the users file (created when missing, mode 0600). Throws Error(Usage) for an
/// invalid name, Error(File) when the file cannot be written.
void add_user(const std::filesystem::path& path, std::string_view name, std::string_view password,
              bool admin);

} // namespace ferry::server::auth
