#include "server/http_message.h"

#include "server/json_responses.h"
#include "server/url.h"

namespace ferry::server {

HttpError upload_too_large(std::uint64_t limit) {
    return HttpError(413, ErrorKind::Limit,
                     "the upload is larger than this server accepts (--max-upload-size " + std::to_string(limit) +
                         " bytes); split the file, or ask the operator to raise the limit");
}

unsigned status_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Usage:
        return 400;
    case ErrorKind::Auth:
        return 401;
    case ErrorKind::Connection:
    case ErrorKind::Tls:
        return 502;
    case ErrorKind::Query:
    case ErrorKind::Data:
        return 422;
    case ErrorKind::File:
        return 400;
    case ErrorKind::Cancelled:
        return 409;
    case ErrorKind::Internal:
        return 500;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::RateLimited:
    case ErrorKind::Limit:
        return 429;
    }
    return 500;
}

std::string format_event(std::string_view name, std::string_view data) {
    std::string out = "event: ";
    out += name;
    out += '\n';
    std::size_t start = 0;
    while (true) {
        const auto end = data.find('\n', start);
        out += "data: ";
        out += data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        out += '\n';
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    out += '\n';
    return out;
}

std::string Request::header(std::string_view name) const {
    const auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string() : it->second;
}

bool Request::has_header(std::string_view name) const {
    return headers.contains(std::string(name));
}

std::optional<std::string> Request::query_param(std::string_view name) const {
    for (const auto& [key, value] : parse_query(query)) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

Response Response::json(unsigned status, std::string body) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

Response Response::error(unsigned status, ErrorKind kind, std::string_view message) {
    return json(status, error_json(kind, message));
}

Response Response::from_exception(const std::exception& error) {
    if (const auto* http = dynamic_cast<const HttpError*>(&error)) {
        return Response::error(http->status(), http->kind(), http->what());
    }
    if (const auto* ferry = dynamic_cast<const Error*>(&error)) {
        return Response::error(status_for(ferry->kind()), ferry->kind(), ferry->what());
    }
    return Response::error(500, ErrorKind::Internal, std::string("internal error: ") + error.what());
}

} // namespace ferry::server
