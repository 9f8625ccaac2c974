#include "server/router.h"

#include "server/url.h"

namespace ferry::server {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    if (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    while (true) {
        const auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return parts;
}

/// Matches raw (encoded) path segments against a pattern; fills decoded parameters.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
    const auto want = split_path(pattern);
    const auto have = split_path(path);
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto part = want[i];
        const bool is_param = part.size() >= 2 && part.front() == '{' && part.back() == '}';
        if (is_param && part[part.size() - 2] == '*') {
            if (i >= have.size()) {
                return false;
            }
            // The rest of the path, from this segment on, raw; decoded as a whole.
            const auto offset = static_cast<std::size_t>(have[i].data() - path.data());
            found[std::string(part.substr(1, part.size() - 3))] = percent_decode(path.substr(offset));
            params = std::move(found);
            return true;
        }
        if (i >= have.size()) {
            return false;
        }
        if (is_param) {
            if (have[i].empty()) {
                return false;
            }
            found[std::string(part.substr(1, part.size() - 2))] = percent_decode(have[i]);
        } else if (part != have[i]) {
            return false;
        }
    }
    if (want.size() != have.size()) {
        return false;
    }
    params = std::move(found);
    return true;
}

} // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
    routes_.push_back(
        Route{std::move(method), std::move(pattern), BodyKind::Buffered, std::move(handler), {}});
}

void Router::add_upload(std::string method, std::string pattern, std::function<void(Request&)> prepare,
                        Handler handler) {
    routes_.push_back(Route{std::move(method), std::move(pattern), BodyKind::Upload, std::move(handler),
                            std::move(prepare)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    Match result;
    for (const auto& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match_pattern(route.pattern, path, params)) {
            continue;
        }
        if (route.method == method && result.route == nullptr) {
            result.route = &route;
            result.params = std::move(params);
        }
        result.allowed.push_back(route.method);
    }
    return result;
}

} // namespace ferry::server
