#pragma once
/// Maps a method and a path to a route. Patterns are literal segments and parameters:
/// "/api/jobs/{id}/events", or "/api/files/{name*}" where the last parameter takes the rest of the path.
/// Parameters are percent-decoded after matching, so an encoded '/' or ".." stays inside its parameter
/// (and is then refused by the data directory).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_message.h"

namespace ferry::server {

using Handler = std::function<Response(Request&)>;

struct Route {
    std::string method;
    std::string pattern;
    BodyKind body = BodyKind::Buffered;
    Handler handler;
    /// For Upload routes: runs before the body is read (on an I/O thread, so quickly); checks the request
    /// and sets Request::upload_file. Throws HttpError to refuse the request before any byte is stored.
    std::function<void(Request&)> prepare;
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler);
    /// A route whose body is streamed to a file chosen by `prepare`.
    void add_upload(std::string method, std::string pattern, std::function<void(Request&)> prepare,
                    Handler handler);

    struct Match {
        const Route* route = nullptr; ///< null when nothing matched
        std::map<std::string, std::string> params;
        std::vector<std::string> allowed; ///< methods of routes matching the path (for 405)
    };
    Match match(std::string_view method, std::string_view path) const;

private:
    std::vector<Route> routes_;
};

} // namespace ferry::server
