#include <chrono>
#include <memory>

#include "server/data_dir.h"
#include "server/endpoint.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/router.h"
#include "server/routes.h"

namespace ferry::server {

namespace {

/// How long DELETE waits for the transfer to notice the cancellation, so that its answer usually
/// already says "cancelled".
constexpr std::chrono::seconds kCancelWait{10};

pipeline::JobSnapshot find_job(const pipeline::JobRegistry& jobs, const std::string& id) {
    auto job = jobs.find(id);
    if (!job) {
        throw HttpError(404, ErrorKind::Usage, "no job with id '" + id + "'");
    }
    return std::move(*job);
}

/// `event: progress` with the job on every poll while it runs, then a last progress and `event: done`.
class JobEvents : public EventStream {
public:
    JobEvents(const pipeline::JobRegistry& jobs, const DataDir& data_dir, std::string id)
        : jobs_(jobs), data_dir_(data_dir), id_(std::move(id)) {}

    bool poll(std::string& out) override {
        const auto job = jobs_.find(id_);
        if (!job) {
            return false;
        }
        const auto body = job_json(*job, data_dir_);
        out += format_event("progress", body);
        if (job->finished()) {
            out += format_event("done", body);
            return false;
        }
        return true;
    }

private:
    const pipeline::JobRegistry& jobs_;
    const DataDir& data_dir_;
    std::string id_;
};

} // namespace

void add_job_routes(Router& router, RouteContext context) {
    router.add("POST", "/api/jobs", [context](Request& request) {
        const auto body = parse_job_body(request.body);
        auto job = to_job_request(body.source, body.target, body.columns, context.data_dir);
        const auto id = context.jobs.submit(std::move(job));
        auto response = Response::json(201, job_created_json(id));
        response.headers.emplace_back("Location", "/api/jobs/" + id);
        return response;
    });

    router.add("GET", "/api/jobs", [context](Request&) {
        return Response::json(200, jobs_json(context.jobs.list(), context.data_dir));
    });

    router.add("GET", "/api/jobs/{id}", [context](Request& request) {
        return Response::json(200,
                              job_json(find_job(context.jobs, request.params.at("id")), context.data_dir));
    });

    router.add("GET", "/api/jobs/{id}/events", [context](Request& request) {
        const auto job = find_job(context.jobs, request.params.at("id"));
        Response response;
        response.content_type = "text/event-stream";
        response.headers.emplace_back("Cache-Control", "no-cache");
        response.events = std::make_shared<JobEvents>(context.jobs, context.data_dir, job.id);
        return response;
    });

    router.add("DELETE", "/api/jobs/{id}", [context](Request& request) {
        const auto& id = request.params.at("id");
        if (!context.jobs.cancel(id)) {
            throw HttpError(404, ErrorKind::Usage, "no job with id '" + id + "'");
        }
        const auto job = context.jobs.wait(id, kCancelWait);
        return Response::json(200, job_json(*job, context.data_dir));
    });
}

} // namespace ferry::server
