#include <chrono>
#include <memory>
#include <mutex>

#include "pipeline/file_chain_reader.h"
#include "server/data_dir.h"
#include "server/endpoint.h"
#include "server/job_store.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/rerun_guard.h"
#include "server/router.h"
#include "server/routes.h"

namespace ferry::server {

namespace json = boost::json;

namespace {

/// How long DELETE waits for the transfer to notice the cancellation, so that its answer usually
/// already says "cancelled".
constexpr std::chrono::seconds kCancelWait{10};

/// A job of this run, with live progress; else the record of an earlier run (or of a finished job).
std::optional<json::object> current_job(const RouteContext& context, const std::string& id) {
    if (const auto job = context.jobs.find(id)) {
        return job_record(*job, context.data_dir);
    }
    return context.job_store.get(id);
}

json::object find_job(const RouteContext& context, const std::string& id) {
    auto job = current_job(context, id);
    if (!job) {
        throw HttpError(404, ErrorKind::Usage, "no job with id '" + id + "'");
    }
    return std::move(*job);
}

bool is_finished(const json::object& job) {
    return !is_unfinished(job);
}

/// `event: progress` with the job on every poll while it runs, then a last progress and `event: done`.
class JobEvents : public EventStream {
public:
    JobEvents(RouteContext context, std::string id) : context_(context), id_(std::move(id)) {}

    bool poll(std::string& out) override {
        const auto job = current_job(context_, id_);
        if (!job) {
            return false;
        }
        const auto body = job_json(*job);
        out += format_event("progress", body);
        if (is_finished(*job)) {
            out += format_event("done", body);
            return false;
        }
        return true;
    }

private:
    RouteContext context_;
    std::string id_;
};

} // namespace

void add_job_routes(Router& router, RouteContext context) {
    // Held from the re-run check until the new job is on record, so that two identical requests at once
    // cannot both pass the check.
    auto submitting = std::make_shared<std::mutex>();

    router.add("POST", "/api/jobs", [context, submitting](Request& request) {
        const auto body = parse_job_body(request.body);
        auto job = to_job_request(body.source, body.target, body.columns, context.data_dir);
        std::vector<pipeline::FileFingerprint> fingerprints; // one per input file of an import
        std::lock_guard lock(*submitting);
        if (const auto* import = std::get_if<pipeline::ImportRequest>(&job)) {
            for (const auto& file : pipeline::input_files(*import)) {
                fingerprints.push_back(pipeline::fingerprint_file(file.path));
            }
            if (!body.again) {
                const auto previous = find_previous_load(context.job_store.list(), *import, fingerprints);
                // A replace of a load that completed cannot duplicate rows (the table ends up holding the file
                // once, whatever it held); one still queued or running is a double click all the same.
                const bool harmless = previous && import->mode == pipeline::LoadMode::Replace &&
                                      previous->if_contains("status") != nullptr &&
                                      previous->at("status") == "completed";
                if (previous && !harmless) {
                    return Response::json(409, conflict_json(previous_load_message(*previous), &*previous));
                }
            }
        }
        const auto id = context.jobs.submit(std::move(job), std::move(fingerprints));
        auto response = Response::json(201, job_created_json(id));
        response.headers.emplace_back("Location", "/api/jobs/" + id);
        return response;
    });

    // Newest first: the records of every run, the jobs of this one with their live progress.
    router.add("GET", "/api/jobs", [context](Request&) {
        auto records = context.job_store.list();
        for (auto& record : records) {
            if (is_unfinished(record)) {
                const auto* id = record.if_contains("id");
                if (const auto job = context.jobs.find(std::string(id->as_string()))) {
                    record = job_record(*job, context.data_dir);
                }
            }
        }
        return Response::json(200, jobs_json(records));
    });

    router.add("GET", "/api/jobs/{id}", [context](Request& request) {
        return Response::json(200, job_json(find_job(context, request.params.at("id"))));
    });

    router.add("GET", "/api/jobs/{id}/events", [context](Request& request) {
        const auto job = find_job(context, request.params.at("id"));
        Response response;
        response.content_type = "text/event-stream";
        response.headers.emplace_back("Cache-Control", "no-cache");
        response.events = std::make_shared<JobEvents>(context, request.params.at("id"));
        return response;
    });

    router.add("DELETE", "/api/jobs/{id}", [context](Request& request) {
        const auto& id = request.params.at("id");
        if (!context.jobs.cancel(id)) {
            // A job of an earlier run has finished (or was interrupted): nothing to cancel.
            return Response::json(200, job_json(find_job(context, id)));
        }
        const auto job = context.jobs.wait(id, kCancelWait);
        return Response::json(200, job_json(job_record(*job, context.data_dir)));
    });
}

} // namespace ferry::server
