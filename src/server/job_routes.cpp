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

/// A job's record with file names relative to its owner's data directory.
json::object record_of(const RouteContext& context, const pipeline::JobSnapshot& job) {
    return job_record(job, context.folders.for_user(job.owner, false));
}

/// A job of this run, with live progress; else the record of an earlier run (or of a finished job).
std::optional<json::object> current_job(const RouteContext& context, const std::string& id) {
    if (const auto job = context.jobs.find(id)) {
        return record_of(context, *job);
    }
    return context.job_store.get(id);
}

/// Users see their own jobs; an admin (and the one user of local and token mode) sees all.
bool visible_to(const json::object& record, const Request& request) {
    if (request.admin) {
        return true;
    }
    const auto* owner = record.if_contains("owner");
    return owner && owner->is_string() && owner->as_string() == request.user;
}

/// Another user's job answers exactly as a missing one, so that ids cannot be probed.
json::object find_job(const RouteContext& context, const Request& request, const std::string& id) {
    auto job = current_job(context, id);
    if (!job || !visible_to(*job, request)) {
        throw HttpError(404, ErrorKind::Usage, "no job with id '" + id + "'");
    }
    return std::move(*job);
}

std::vector<json::object> visible_records(const RouteContext& context, const Request& request) {
    auto records = context.job_store.list();
    std::erase_if(records, [&](const json::object& record) { return !visible_to(record, request); });
    return records;
}

void check_connections(const RouteContext& context, const Endpoint& source, const Endpoint& target) {
    for (const auto* end : {&source, &target}) {
        if (const auto* clickhouse = std::get_if<ClickHouseEndpoint>(end)) {
            context.clickhouse_allow.check(clickhouse->connection);
        }
    }
}

/// --max-jobs-per-user and --max-jobs: queued and running jobs count, finished ones do not.
void check_job_limits(const RouteContext& context, const Request& request) {
    const auto& limits = context.limits;
    if (limits.max_jobs_per_user == 0 && limits.max_jobs == 0) {
        return;
    }
    std::size_t mine = 0;
    std::size_t all = 0;
    for (const auto& job : context.jobs.list()) {
        if (!job.finished()) {
            ++all;
            mine += job.owner == request.user ? 1 : 0;
        }
    }
    if (limits.max_jobs_per_user != 0 && mine >= limits.max_jobs_per_user) {
        throw HttpError(429, ErrorKind::Limit,
                        "you have " + std::to_string(mine) + " jobs queued or running, the most this server "
                        "allows per user (--max-jobs-per-user " + std::to_string(limits.max_jobs_per_user) +
                        "); wait for one to finish or cancel one");
    }
    if (limits.max_jobs != 0 && all >= limits.max_jobs) {
        throw HttpError(429, ErrorKind::Limit,
                        "the server has " + std::to_string(all) + " jobs queued or running, the most it "
                        "allows (--max-jobs " + std::to_string(limits.max_jobs) +
                        "); try again when one has finished");
    }
}

bool is_finished(const json::object& job) {
    return !is_unfinished(job);
}

/// `event: progress` with the job on every poll while it runs, then a last progress and `event: done`.
class JobEvents : public EventStream {
public:
    JobEvents(RouteContext context, std::string id) : context_(std::move(context)), id_(std::move(id)) {}

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
        check_connections(context, body.source, body.target);
        auto job = to_job_request(body.source, body.target, body.columns, context.data_dir(request));
        std::vector<pipeline::FileFingerprint> fingerprints; // one per input file of an import
        std::lock_guard lock(*submitting);
        check_job_limits(context, request);
        if (const auto* import = std::get_if<pipeline::ImportRequest>(&job)) {
            for (const auto& file : pipeline::input_files(*import)) {
                fingerprints.push_back(pipeline::fingerprint_file(file.path));
            }
            if (!body.again) {
                if (const auto previous =
                        find_previous_load(visible_records(context, request), *import, fingerprints)) {
                    return Response::json(409, conflict_json(previous_load_message(*previous), &*previous));
                }
            }
        }
        const auto id = context.jobs.submit(std::move(job), std::move(fingerprints), request.user);
        auto response = Response::json(201, job_created_json(id));
        response.headers.emplace_back("Location", "/api/jobs/" + id);
        return response;
    });

    // Newest first: the records of every run, the jobs of this one with their live progress.
    router.add("GET", "/api/jobs", [context](Request& request) {
        auto records = visible_records(context, request);
        for (auto& record : records) {
            if (is_unfinished(record)) {
                const auto* id = record.if_contains("id");
                if (const auto job = context.jobs.find(std::string(id->as_string()))) {
                    record = record_of(context, *job);
                }
            }
        }
        return Response::json(200, jobs_json(records));
    });

    router.add("GET", "/api/jobs/{id}", [context](Request& request) {
        return Response::json(200, job_json(find_job(context, request, request.params.at("id"))));
    });

    router.add("GET", "/api/jobs/{id}/events", [context](Request& request) {
        const auto job = find_job(context, request, request.params.at("id"));
        Response response;
        response.content_type = "text/event-stream";
        response.headers.emplace_back("Cache-Control", "no-cache");
        response.events = std::make_shared<JobEvents>(context, request.params.at("id"));
        return response;
    });

    router.add("DELETE", "/api/jobs/{id}", [context](Request& request) {
        const auto& id = request.params.at("id");
        const auto record = find_job(context, request, id); // 404 for another user's job
        if (!context.jobs.cancel(id)) {
            // A job of an earlier run has finished (or was interrupted): nothing to cancel.
            return Response::json(200, job_json(record));
        }
        const auto job = context.jobs.wait(id, kCancelWait);
        return Response::json(200, job_json(record_of(context, *job)));
    });
}

} // namespace ferry::server
