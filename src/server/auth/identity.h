#pragma once
/// Who a request comes from, once signed in.

#include <string>

namespace ferry::server::auth {

enum class AuthMode {
    None,  ///< local mode: no sign-in, one user ("local", admin)
    Token, ///< one shared secret printed at start (like Jupyter); one user
    Users, ///< names and password hashes from a file; each user has their own files and jobs
};

std::string_view to_string(AuthMode mode);

struct Identity {
    std::string user;
    bool admin = false;
};

} // namespace ferry::server::auth
