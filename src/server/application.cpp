#include "server/application.h"

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

#include "server/client_address.h"
#include "server/json_responses.h"
#include "server/routes.h"

namespace ferry::server {

namespace {

/// Bodies of requests outside the API (static files) are not expected; this only bounds them.
constexpr std::uint64_t kStaticBodyLimit = 64 * 1024;
/// How often the records of running jobs are brought up to date.
constexpr std::chrono::seconds kProgressRecordInterval{2};

bool is_api(std::string_view path) {
    return path == "/api" || path.starts_with("/api/");
}

void with_no_store(Response& response) {
    std::erase_if(response.headers, [](const auto& header) { return header.first == "Cache-Control"; });
    response.headers.emplace_back("Cache-Control", "no-store");
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? item : ", " + item;
    }
    return out;
}

} // namespace

namespace {

std::optional<auth::UserFile> users_of(const ServerOptions& options, const ServePolicy& policy) {
    if (policy.auth != auth::AuthMode::Users) {
        return std::nullopt;
    }
    return auth::UserFile::load(options.users_file);
}

} // namespace

Application::Application(const ServerOptions& options, const ListenAddress& listen, ServePolicy policy,
                         std::string_view token, pipeline::JobRunner runner)
    : max_json_body_(options.max_json_body), listen_host_(listen.host), policy_(std::move(policy)),
      allowed_names_(options.allow_hosts), trusted_proxies_(options.trusted_proxies),
      limits_{options.max_upload_size, options.max_jobs_per_user, options.max_jobs},
      auth_(policy_.auth, token, users_of(options, policy_), options.session_idle_timeout),
      data_dir_(options.data_dir),
      folders_(data_dir_, policy_.auth == auth::AuthMode::Users, options.shared_folder),
      static_files_(options.web_dir), job_store_(data_dir_.root() / kPrivateFolder / "jobs"),
      jobs_(std::move(runner), std::max<std::size_t>(options.max_running_jobs, 1),
            [this](const pipeline::JobSnapshot& job) {
          try {
              job_store_.put(record_of(job));
          } catch (const std::exception& error) {
              std::cerr << "ferry serve: cannot keep the record of job " << job.id << ": " << error.what()
                        << std::endl;
          }
      }) {
    const RouteContext context{folders_, jobs_, job_store_, policy_.clickhouse, limits_};
    add_session_routes(router_, SessionContext{auth_, policy_.secure_cookie});
    add_clickhouse_routes(router_, context);
    add_file_routes(router_, context);
    add_preview_routes(router_, context);
    add_job_routes(router_, context);
    progress_recorder_ = std::jthread([this](std::stop_token stop) { record_progress(stop); });
}

void Application::record_progress(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
        wake.wait_for(lock, stop, kProgressRecordInterval, [] { return false; });
        if (stop.stop_requested()) {
            return;
        }
        for (const auto& job : jobs_.list()) {
            if (job.status == pipeline::JobStatus::Running) {
                try {
                    job_store_.put(record_of(job));
                } catch (const std::exception&) {
                    // Reported by the registry's own records; progress is only a bonus.
                }
            }
        }
    }
}

boost::json::object Application::record_of(const pipeline::JobSnapshot& job) {
    return job_record(job, folders_.for_user(job.owner, false));
}

void Application::set_port(std::uint16_t port) {
    guard_.emplace(listen_host_, port, policy_.public_urls, allowed_names_, policy_.tls);
}

Admission Application::admit(Request& request) {
    Admission admission;
    const auto origin =
        request.has_header("origin") ? std::optional<std::string>(request.header("origin")) : std::nullopt;
    if (!guard_) {
        admission.reject = Response::error(503, ErrorKind::Internal, "the server is starting");
        return admission;
    }
    if (const auto refusal = guard_->check(request.method, request.header("host"), origin)) {
        admission.reject = Response::error(403, ErrorKind::Forbidden, *refusal);
        return admission;
    }
    request.remote_address =
        client_address(request.remote_address, request.header("x-forwarded-for"), trusted_proxies_);
    if (!is_api(request.path)) {
        // The web app's files are public: it shows the sign-in form itself.
        if (request.method != "GET" && request.method != "HEAD") {
            auto response = Response::error(405, ErrorKind::Usage, "only GET and HEAD are allowed here");
            response.headers.emplace_back("Allow", "GET, HEAD");
            admission.reject = std::move(response);
        }
        admission.body_limit = kStaticBodyLimit;
        return admission;
    }
    try {
        admission = admit_api(request);
    } catch (const std::exception& error) {
        admission.reject = Response::from_exception(error);
    }
    // API answers are per user and may hold private data: no browser or proxy may keep them.
    if (admission.reject) {
        with_no_store(*admission.reject);
    }
    return admission;
}

Admission Application::admit_api(Request& request) {
    Admission admission;
    if (request.path != "/api/session") {
        const auto identity = auth_.identify(request.header("cookie"));
        if (!identity) {
            admission.reject = sign_in_required(auth_.mode(), request);
            return admission;
        }
        request.user = identity->user;
        request.admin = identity->admin;
    }

    auto match = router_.match(request.method == "HEAD" ? std::string("GET") : request.method, request.path);
    if (match.route == nullptr) {
        if (match.allowed.empty()) {
            admission.reject =
                Response::error(404, ErrorKind::Usage, "no API route " + request.method + " " + request.path);
        } else {
            auto response = Response::error(405, ErrorKind::Usage,
                                            request.method + " is not allowed on " + request.path +
                                                " (allowed: " + join(match.allowed) + ")");
            response.headers.emplace_back("Allow", join(match.allowed));
            admission.reject = std::move(response);
        }
        return admission;
    }
    request.route = match.route;
    request.params = std::move(match.params);
    admission.body = match.route->body;
    if (admission.body == BodyKind::Upload) {
        match.route->prepare(request);
        admission.body_limit = limits_.max_upload_size; // 0: none
        return admission;
    }
    admission.body_limit = max_json_body_;
    if (request.content_length && *request.content_length > max_json_body_) {
        admission.reject =
            Response::error(413, ErrorKind::Usage,
                            "the request body is larger than " + std::to_string(max_json_body_) + " bytes");
    }
    return admission;
}

Response Application::handle(Request& request) noexcept {
    Response response;
    try {
        if (request.route) {
            response = request.route->handler(request);
        } else if (auto signed_in = sign_in_by_link(request, SessionContext{auth_, policy_.secure_cookie})) {
            response = std::move(*signed_in);
        } else {
            response = static_files_.serve(request.path);
        }
    } catch (const std::exception& error) {
        response = Response::from_exception(error);
    } catch (...) {
        response = Response::error(500, ErrorKind::Internal, "internal error");
    }
    if (is_api(request.path)) {
        with_no_store(response);
    }
    // Only the path: the query string may hold a sign-in token.
    if (response.status >= 500 && response.status != 502) {
        std::cerr << "ferry serve: " << request.method << ' ' << request.path << " -> " << response.status
                  << ' ' << response.body << std::endl;
    }
    abandon(request); // an upload that did not reach its final name
    return response;
}

void Application::abandon(Request& request) noexcept {
    if (!request.upload_file.empty()) {
        std::error_code ec;
        std::filesystem::remove(request.upload_file, ec);
    }
}

} // namespace ferry::server
