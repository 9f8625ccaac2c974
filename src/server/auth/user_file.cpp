#include "server/auth/user_file.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "common/error.h"

namespace ferry::server::auth {

namespace fs = std::filesystem;

namespace {

void init_sodium() {
    if (sodium_init() < 0) {
        throw Error(ErrorKind::Internal, "libsodium could not be initialised");
    }
}

/// A hash of a password nobody knows, verified against for unknown names (see UserFile::verify).
const std::string& decoy_hash() {
    static const std::string hash = hash_password("ferry-decoy-password-for-unknown-names");
    return hash;
}

std::vector<std::string_view> split(std::string_view line, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = line.find(separator, start);
        parts.push_back(
            line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

} // namespace

bool valid_user_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
           });
}

std::string hash_password(std::string_view password) {
    init_sodium();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw Error(ErrorKind::Internal, "cannot hash the password (out of memory)");
    }
    return hash;
}

UserFile UserFile::parse(std::string_view content, const std::string& origin) {
    init_sodium();
    UserFile file;
    std::size_t number = 0;
    for (auto line : split(content, '\n')) {
        ++number;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        const auto where = origin + " line " + std::to_string(number);
        const auto parts = split(line, ':');
        if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && parts[2] != "admin")) {
            throw Error(ErrorKind::Usage, where + ": expected name:HASH or name:HASH:admin (create entries "
                                                  "with `ferry users add FILE NAME`)");
        }
        if (!valid_user_name(parts[0])) {
            throw Error(ErrorKind::Usage, where + ": '" + printable_value(parts[0]) +
                                              "' is not a valid user name (letters, digits, '.', '_', '-')");
        }
        if (!parts[1].starts_with("$argon2") && !parts[1].starts_with("$7$")) {
            throw Error(ErrorKind::Usage, where + ": the password hash is not an Argon2 or scrypt string "
                                                  "(create entries with `ferry users add FILE NAME`)");
        }
        if (file.users_.contains(parts[0])) {
            throw Error(ErrorKind::Usage, where + ": user '" + std::string(parts[0]) + "' is listed twice");
        }
        file.users_.emplace(std::string(parts[0]), User{std::string(parts[1]), parts.size() == 3});
    }
    return file;
}

UserFile UserFile::load(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::Usage, "cannot read the users file '" + path.string() +
                                          "' (create it with `ferry users add FILE NAME`)");
    }
    std::ostringstream content;
    content << in.rdbuf();
    return parse(content.str(), path.string());
}

std::optional<Identity> UserFile::verify(std::string_view name, std::string_view password) const {
    const auto it = users_.find(name);
    const auto& hash = it == users_.end() ? decoy_hash() : it->second.hash;
    const bool right = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
    if (it == users_.end() || !right) {
        return std::nullopt;
    }
    return Identity{it->first, it->second.admin};
}

void add_user(const fs::path& path, std::string_view name, std::string_view password, bool admin) {
    if (!valid_user_name(name)) {
        throw Error(ErrorKind::Usage, "'" + printable_value(name) +
                                          "' is not a valid user name (letters, digits, '.', '_', '-'; at "
                                          "most 64; not starting with '.')");
    }
    if (password.empty()) {
        throw Error(ErrorKind::Usage, "the password is empty (it is read from standard input)");
    }
    std::string kept;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream stream;
        stream << in.rdbuf();
        const auto content = stream.str();
        UserFile::parse(content, path.string()); // refuse to extend a file the server would refuse
        for (auto line : split(content, '\n')) {
            if (!line.empty() && !line.starts_with(std::string(name) + ":")) {
                kept += std::string(line) + "\n";
            }
        }
    }
    kept += std::string(name) + ":" + hash_password(password) + (admin ? ":admin" : "") + "\n";
    const auto temporary = path.string() + ".tmp";
    {
        const auto old_mask = ::umask(077); // the hashes are not for other accounts on the machine
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        ::umask(old_mask);
        out << kept;
        if (!out.flush()) {
            throw Error(ErrorKind::File, "cannot write '" + temporary + "'");
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        throw Error(ErrorKind::File, "cannot replace '" + path.string() + "': " + ec.message());
    }
}

} // namespace ferry::server::auth
