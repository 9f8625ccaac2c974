#pragma once
/// Sign-in and sign-out over HTTP: GET/POST/DELETE /api/session, the `/?token=` link of token mode, and the
/// 401 answer of every other API route without a session. The session id travels only in an HttpOnly,
/// SameSite=Strict cookie (Secure under TLS or an https public URL), so page scripts never see it and other
/// sites' pages cannot send it.

#include <optional>

#include "server/auth/authenticator.h"
#include "server/http_message.h"

namespace ferry::server {

class Router;

struct SessionContext {
    auth::Authenticator& auth;
    bool secure_cookie = false;
};

/// GET /api/session, POST /api/session, DELETE /api/session
void add_session_routes(Router& router, SessionContext context);

/// 401 `{"error": {"kind": "auth", "message": "Sign in to use Ferry."}, "auth": {"mode"}}`; but a page the
/// browser navigates to (a download link clicked after the session ended) gets a 303 to the web app, which
/// shows the sign-in form, rather than a page of raw JSON.
Response sign_in_required(auth::AuthMode mode, const Request& request);

/// `GET /?token=...` in token mode with the right token: a 303 to "/" that sets the session cookie (and so
/// takes the token out of the address bar and history). nullopt otherwise: the page loads as usual.
std::optional<Response> sign_in_by_link(const Request& request, SessionContext context);

} // namespace ferry::server
