#pragma once
/// Transfers running in the background for the web server: each job runs on its own thread (at most
/// `max_running` at once; the rest wait as queued), shares a Progress and a CancelToken with observers, and
/// stays listed after it finishes. A job's stored request has its password and token removed; the full
/// request lives only in the worker thread while it runs. Every change of a job's state is handed to an
/// observer (the server persists it, see server/job_store.h). Thread-safe.

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
#include "pipeline/file_fingerprint.h"
#include "pipeline/job_outcome.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

/// Interrupted is never set by the registry: it is what a stored record of a job that was queued or
/// running says after the server died and came back.
enum class JobStatus { Queued, Running, Completed, Failed, Cancelled, Interrupted };
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

/// A consistent copy of a job's state.
struct JobSnapshot {
    std::string id;
    JobStatus status = JobStatus::Queued;
    Phase phase = Phase::Queued;
    std::uint64_t rows = 0;           ///< records moved so far (loaded or written)
    std::uint64_t rows_read = 0;      ///< records read from the source, rejected ones included
    std::uint64_t rows_committed = 0; ///< rows that are in the target now (0 for a failed atomic job)
    std::uint64_t bytes = 0;
    std::uint64_t total_bytes = 0;
    std::uint64_t rejected = 0;    ///< rows skipped by an import with OnError::Skip
    std::uint64_t inference_skipped = 0; ///< `create` in skip mode: sampled rows left out of the types
    std::uint64_t repeated_headers = 0;  ///< imports: records identical to the header, left out
    std::uint64_t wire_bytes = 0;  ///< body bytes on the wire so far
    io::Compression codec = io::Compression::None;
    double seconds = 0;            ///< running time so far, or in total once finished
    JobRequest request;            ///< without secrets
    std::optional<JobError> error; ///< set when failed
    LoadFacts load;                ///< strategy and whether all-or-nothing holds
    std::vector<FileFingerprint> fingerprints; ///< of an import's input files, in order, taken when submitted
    std::uint64_t files_done = 0;  ///< files read (import) or written (split export) so far
    std::uint64_t files_total = 0; ///< an import's input files; a split export's once it has finished
    std::filesystem::path current_file; ///< being read or written now (the last one once finished)
    std::string owner; ///< who submitted it (the server's user name); "" when nobody in particular
    std::chrono::system_clock::time_point created;
    std::optional<std::chrono::system_clock::time_point> started_at;
    std::optional<std::chrono::system_clock::time_point> finished_at;
    /// Grows with every snapshot the registry takes: of two snapshots of a job, the higher is newer.
    std::uint64_t revision = 0;

    bool finished() const {
        return status == JobStatus::Completed || status == JobStatus::Failed ||
               status == JobStatus::Cancelled || status == JobStatus::Interrupted;
    }
};

class JobRegistry {
public:
    /// Called after every change of a job's state (submitted, started, finished) with a snapshot of it, on
    /// the thread that made the change and outside the registry's lock.
    using Observer = std::function<void(const JobSnapshot&)>;

    explicit JobRegistry(JobRunner runner, std::size_t max_running = 4, Observer observer = {});
    /// Cancels the jobs still queued or running and waits for their threads.
    ~JobRegistry();
    JobRegistry(const JobRegistry&) = delete;
    JobRegistry& operator=(const JobRegistry&) = delete;

    /// Starts a job and returns its id (32 random hex digits). `fingerprints` identify an import's input
    /// files (one each, in order); `owner` is kept with the job for whoever lists jobs per user.
    std::string submit(JobRequest request, std::vector<FileFingerprint> fingerprints = {}, std::string owner = {});
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
    void notify(const JobSnapshot& snapshot) const;
    void reap_finished_threads();

    JobRunner runner_;
    Observer observer_;
    std::size_t max_running_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::size_t running_ = 0;
    mutable std::uint64_t revision_ = 0;
    std::vector<std::shared_ptr<Job>> jobs_;
    std::map<std::string, std::shared_ptr<Job>> by_id_;
};

} // namespace ferry::pipeline
