#pragma once
/// Transfers running in the background for the web server: each job runs on its own thread (at most
/// `max_running` at once; the rest wait as queued), shares a Progress and a CancelToken with observers, and
/// stays listed after it finishes. A job's stored request has its password and token removed; the full
/// request lives only in the worker thread while it runs. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/error.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

enum class JobStatus { Queued, Running, Completed, Failed, Cancelled };
std::string_view to_string(JobStatus status);

using JobRequest = std::variant<ImportRequest, ExportRequest>;
using JobRunner = std::function<TransferResult(const JobRequest&, Progress&, const CancelToken&)>;

/// The runner used in production: run_import or run_export.
inline TransferResult run_job(const JobRequest& request, Progress& progress, const CancelToken& cancel) {
    if (const auto* import = std::get_if<ImportRequest>(&request)) {
        return run_import(*import, progress, cancel);
    }
    return run_export(std::get<ExportRequest>(request), progress, cancel);
}

/// The request with the connection's password and token cleared.
JobRequest without_secrets(JobRequest request);
/// Replaces every occurrence of the connection's password and token in `message` with "***".
std::string redact_secrets(std::string message, const clickhouse::Connection& connection);

struct JobError {
    ErrorKind kind = ErrorKind::Internal;
    std::string message;
};

/// A consistent copy of a job's state.
struct JobSnapshot {
    std::string id;
    JobStatus status = JobStatus::Queued;
    Phase phase = Phase::Queued;
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;
    std::uint64_t total_bytes = 0;
    std::uint64_t rejected = 0;    ///< rows skipped by an import with OnError::Skip
    std::uint64_t committed = 0;   ///< rows of an import that are in the target now
    StrategyKind strategy = StrategyKind::None;
    bool atomic = true;            ///< the import's strategy leaves the target unchanged on failure
    double seconds = 0;            ///< running time so far, or in total once finished
    JobRequest request;            ///< without secrets
    std::optional<JobError> error; ///< set when failed
    std::chrono::system_clock::time_point created;

    bool finished() const {
        return status == JobStatus::Completed || status == JobStatus::Failed ||
               status == JobStatus::Cancelled;
    }
};

class JobRegistry {
public:
    explicit JobRegistry(JobRunner runner, std::size_t max_running = 4);
    /// Cancels the jobs still queued or running and waits for their threads.
    ~JobRegistry();
    JobRegistry(const JobRegistry&) = delete;
    JobRegistry& operator=(const JobRegistry&) = delete;

    /// Starts a job and returns its id (32 random hex digits).
    std::string submit(JobRequest request);
    std::optional<JobSnapshot> find(const std::string& id) const;
    /// All jobs, oldest first.
    std::vector<JobSnapshot> list() const;
    /// Asks a queued or running job to stop: a queued job ends cancelled at once, a running one when the
    /// transfer next checks its token (the running query is cancelled). False for an unknown id.
    bool cancel(const std::string& id);
    /// Waits until the job has finished or `timeout` has passed. nullopt for an unknown id.
    std::optional<JobSnapshot> wait(const std::string& id, std::chrono::milliseconds timeout) const;

private:
    struct Job;

    void work(const std::shared_ptr<Job>& job, const JobRequest& request);
    JobSnapshot snapshot(const Job& job) const;
    void reap_finished_threads();

    JobRunner runner_;
    std::size_t max_running_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::size_t running_ = 0;
    std::vector<std::shared_ptr<Job>> jobs_;
    std::map<std::string, std::shared_ptr<Job>> by_id_;
};

} // namespace ferry::pipeline
