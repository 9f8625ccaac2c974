#include "server/session_routes.h"

#include <boost/json.hpp>

#include "server/router.h"

namespace ferry::server {

namespace json = boost::json;

namespace {

std::string session_json(const auth::Identity& identity, auth::AuthMode mode) {
    return json::serialize(
        json::object{{"user", identity.user}, {"admin", identity.admin}, {"mode", auth::to_string(mode)}});
}

std::string session_cookie(const std::string& id, bool secure) {
    return std::string(auth::kSessionCookie) + "=" + id + "; HttpOnly; SameSite=Strict; Path=/" +
           (secure ? "; Secure" : "");
}

std::string cleared_cookie(bool secure) {
    return std::string(auth::kSessionCookie) + "=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/" +
           (secure ? "; Secure" : "");
}

Response too_many_failures(std::chrono::seconds wait) {
    auto response = Response::error(429, ErrorKind::RateLimited,
                                    "Too many failed sign-ins from here or for this user; try again in " +
                                        std::to_string(wait.count()) + " seconds.");
    response.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return response;
}

Response wrong_credentials(auth::AuthMode mode) {
    return Response::error(401, ErrorKind::Auth,
                           mode == auth::AuthMode::Users ? "Wrong user name or password."
                                                         : "Wrong or expired sign-in token.");
}

/// A string member, or "" when absent; HttpError(400) when present but not a string.
std::string string_member(const json::object& body, std::string_view key) {
    const auto* value = body.if_contains(key);
    if (value == nullptr || value->is_null()) {
        return {};
    }
    if (!value->is_string()) {
        throw HttpError(400, ErrorKind::Usage, "'" + std::string(key) + "' must be a string");
    }
    return std::string(value->as_string());
}

json::object parse_body(const std::string& text) {
    boost::system::error_code ec;
    auto value = json::parse(text, ec);
    if (ec || !value.is_object()) {
        throw HttpError(
            400, ErrorKind::Usage,
            R"(sign in with a JSON object: {"token": "..."} or {"user": "...", "password": "..."})");
    }
    return std::move(value.as_object());
}

Response signed_in(const auth::SignInResult& result, SessionContext context) {
    auto response = Response::json(200, session_json(*result.identity, context.auth.mode()));
    response.headers.emplace_back("Set-Cookie", session_cookie(result.session_id, context.secure_cookie));
    return response;
}

/// 303 to the web app's page.
Response to_web_app() {
    Response response;
    response.status = 303;
    response.content_type = "text/plain";
    response.headers.emplace_back("Location", "/");
    return response;
}

/// A GET the browser makes to show a page (a clicked link, the address bar), not a script's fetch: browsers
/// say so in Sec-Fetch-Mode; older ones only in Accept.
bool is_page_navigation(const Request& request) {
    if (request.method != "GET") {
        return false;
    }
    if (request.has_header("sec-fetch-mode")) {
        return request.header("sec-fetch-mode") == "navigate";
    }
    return request.header("accept").find("text/html") != std::string::npos;
}

} // namespace

Response sign_in_required(auth::AuthMode mode, const Request& request) {
    if (is_page_navigation(request)) {
        return to_web_app();
    }
    const json::object body{
        {"error", json::object{{"kind", "auth"}, {"message", "Sign in to use Ferry."}}},
        {"auth", json::object{{"mode", auth::to_string(mode)}}},
    };
    return Response::json(401, json::serialize(body));
}

void add_session_routes(Router& router, SessionContext context) {
    router.add("GET", "/api/session", [context](Request& request) {
        const auto identity = context.auth.identify(request.header("cookie"));
        if (!identity) {
            return sign_in_required(context.auth.mode(), request);
        }
        return Response::json(200, session_json(*identity, context.auth.mode()));
    });

    router.add("POST", "/api/session", [context](Request& request) {
        const auto mode = context.auth.mode();
        if (mode == auth::AuthMode::None) {
            return Response::json(200, session_json(*context.auth.identify(""), mode));
        }
        const auto body = parse_body(request.body);
        const auto token = string_member(body, "token");
        const auto user = string_member(body, "user");
        const auto password = string_member(body, "password");
        auth::SignInResult result;
        if (mode == auth::AuthMode::Token) {
            if (token.empty()) {
                throw HttpError(
                    400, ErrorKind::Usage,
                    R"(this server signs in with its token: {"token": "..."} (printed at its start))");
            }
            result = context.auth.sign_in_with_token(token, request.remote_address);
        } else {
            if (user.empty() || password.empty()) {
                throw HttpError(
                    400, ErrorKind::Usage,
                    R"(this server signs in with a user name and password: {"user", "password"})");
            }
            result = context.auth.sign_in_with_password(user, password, request.remote_address);
        }
        if (result.retry_after) {
            return too_many_failures(*result.retry_after);
        }
        if (!result.identity) {
            return wrong_credentials(mode);
        }
        return signed_in(result, context);
    });

    router.add("DELETE", "/api/session", [context](Request& request) {
        context.auth.sign_out(request.header("cookie"));
        Response response;
        response.status = 204;
        response.headers.emplace_back("Set-Cookie", cleared_cookie(context.secure_cookie));
        return response;
    });
}

std::optional<Response> sign_in_by_link(const Request& request, SessionContext context) {
    if (context.auth.mode() != auth::AuthMode::Token || request.method != "GET" || request.path != "/") {
        return std::nullopt;
    }
    const auto token = request.query_param("token");
    if (!token) {
        return std::nullopt;
    }
    const auto result = context.auth.sign_in_with_token(*token, request.remote_address);
    if (!result.identity) {
        return std::nullopt; // the page loads and shows the sign-in form (also when rate limited)
    }
    auto response = to_web_app();
    response.headers.emplace_back("Set-Cookie", session_cookie(result.session_id, context.secure_cookie));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

} // namespace ferry::server
