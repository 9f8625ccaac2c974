#include "pipeline/job_registry.h"

#include <fmt/format.h>

#include <random>
#include <thread>

namespace ferry::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

std::string random_id() {
    static std::mutex mutex;
    static std::random_device device;
    std::lock_guard lock(mutex);
    std::string id;
    for (int i = 0; i < 4; ++i) {
        id += fmt::format("{:08x}", static_cast<std::uint32_t>(device()));
    }
    return id;
}

const clickhouse::Connection& connection_of(const JobRequest& request) {
    return std::visit([](const auto& r) -> const clickhouse::Connection& { return r.connection; }, request);
}

void replace_all(std::string& text, const std::string& needle) {
    if (needle.empty()) {
        return;
    }
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 3)) {
        text.replace(pos, needle.size(), "***");
    }
}

} // namespace

std::string_view to_string(JobStatus status) {
    switch (status) {
    case JobStatus::Queued:
        return "queued";
    case JobStatus::Running:
        return "running";
    case JobStatus::Completed:
        return "completed";
    case JobStatus::Failed:
        return "failed";
    case JobStatus::Cancelled:
        return "cancelled";
    case JobStatus::Interrupted:
        return "interrupted";
    }
    return "failed";
}

JobRequest without_secrets(JobRequest request) {
    std::visit(
        [](auto& r) {
            r.connection.password.clear();
            r.connection.jwt.clear();
        },
        request);
    return request;
}

std::string redact_secrets(std::string message, const clickhouse::Connection& connection) {
    replace_all(message, connection.password);
    replace_all(message, connection.jwt);
    return message;
}

struct JobRegistry::Job {
    std::string id;
    JobRequest summary; ///< without secrets
    std::vector<FileFingerprint> fingerprints;
    std::string owner;
    std::chrono::system_clock::time_point created = std::chrono::system_clock::now();
    Progress progress;
    CancelToken cancel;

    // Guarded by the registry's mutex.
    JobStatus status = JobStatus::Queued;
    std::optional<JobError> error;
    std::optional<TransferResult> result;
    std::optional<Clock::time_point> started;
    std::optional<Clock::time_point> ended;
    std::optional<std::chrono::system_clock::time_point> started_at;
    std::optional<std::chrono::system_clock::time_point> ended_at;
    std::uint64_t rows_committed = 0;
    std::thread thread;
    bool thread_done = false;
};

JobRegistry::JobRegistry(JobRunner runner, std::size_t max_running, Observer observer)
    : runner_(std::move(runner)), observer_(std::move(observer)),
      max_running_(max_running == 0 ? 1 : max_running) {}

JobRegistry::~JobRegistry() {
    std::vector<std::shared_ptr<Job>> jobs;
    {
        std::lock_guard lock(mutex_);
        jobs = jobs_;
        for (const auto& job : jobs) {
            job->cancel.cancel();
        }
    }
    changed_.notify_all();
    for (const auto& job : jobs) {
        if (job->thread.joinable()) {
            job->thread.join();
        }
    }
}

std::string JobRegistry::submit(JobRequest request, std::vector<FileFingerprint> fingerprints, std::string owner) {
    auto job = std::make_shared<Job>();
    job->summary = without_secrets(request);
    job->fingerprints = std::move(fingerprints);
    job->owner = std::move(owner);
    JobSnapshot submitted;
    {
        std::lock_guard lock(mutex_);
        reap_finished_threads();
        do {
            job->id = random_id();
        } while (by_id_.contains(job->id));
        jobs_.push_back(job);
        by_id_[job->id] = job;
        // Taken before the thread starts, so that it cannot be newer than the thread's own snapshots.
        submitted = snapshot(*job);
        job->thread = std::thread([this, job, request = std::move(request)] { work(job, request); });
    }
    notify(submitted);
    return job->id;
}

void JobRegistry::notify(const JobSnapshot& snapshot) const {
    if (observer_) {
        try {
            observer_(snapshot);
        } catch (...) {
            // Keeping a record must never stop a transfer; the observer reports its own failures.
        }
    }
}

void JobRegistry::reap_finished_threads() {
    for (const auto& job : jobs_) {
        if (job->thread_done && job->thread.joinable()) {
            job->thread.join(); // the thread has already left work(); this returns at once
        }
    }
}

void JobRegistry::work(const std::shared_ptr<Job>& job, const JobRequest& request) {
    JobSnapshot started;
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return running_ < max_running_ || job->cancel.cancelled(); });
        if (job->cancel.cancelled()) {
            job->status = JobStatus::Cancelled;
            job->progress.phase = Phase::Cancelled;
            job->ended = Clock::now();
            job->ended_at = std::chrono::system_clock::now();
            job->thread_done = true;
            changed_.notify_all();
            const auto cancelled = snapshot(*job);
            lock.unlock();
            notify(cancelled);
            return;
        }
        ++running_;
        job->status = JobStatus::Running;
        job->started = Clock::now();
        job->started_at = std::chrono::system_clock::now();
        started = snapshot(*job);
    }
    changed_.notify_all();
    notify(started);

    JobStatus status = JobStatus::Completed;
    std::optional<TransferResult> result;
    std::optional<JobError> error;
    const auto* import = std::get_if<ImportRequest>(&request);
    try {
        result = runner_(request, job->progress, job->cancel);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Cancelled || job->cancel.cancelled()) {
            status = JobStatus::Cancelled;
        } else {
            status = JobStatus::Failed;
            // What the load strategy says stayed in the target (0 for every all-or-nothing failure).
            error = job_error(e, redact_secrets(e.what(), connection_of(request)),
                              import ? &import->file.path : nullptr, job->progress.committed.load());
        }
    } catch (const std::exception& e) {
        status = JobStatus::Failed;
        error = JobError{ErrorKind::Internal,
                         redact_secrets(std::string("internal error: ") + e.what(), connection_of(request)),
                         std::nullopt,
                         {}};
    }

    JobSnapshot finished;
    {
        std::lock_guard lock(mutex_);
        --running_;
        job->status = status;
        job->error = std::move(error);
        job->result = result;
        job->ended = Clock::now();
        job->ended_at = std::chrono::system_clock::now();
        if (result) {
            job->progress.rows = result->rows;
            job->progress.bytes = result->bytes;
            job->progress.rejected = result->rejected;
            job->rows_committed = result->rows;
            job->progress.wire_bytes = result->wire_bytes;
            job->progress.codec = result->codec;
        }
        job->progress.phase = status == JobStatus::Completed ? Phase::Completed
                              : status == JobStatus::Failed  ? Phase::Failed
                                                             : Phase::Cancelled;
        job->thread_done = true;
        finished = snapshot(*job);
    }
    changed_.notify_all();
    notify(finished);
}

JobSnapshot JobRegistry::snapshot(const Job& job) const {
    JobSnapshot s;
    s.id = job.id;
    s.status = job.status;
    s.phase = job.progress.phase.load();
    s.rows = job.progress.rows.load();
    s.rows_read = s.rows + job.progress.rejected.load();
    // Imports: the load strategy's own count, exact also after a failure; exports: all rows or none.
    s.rows_committed = std::holds_alternative<ImportRequest>(job.summary) && !job.result
                           ? job.progress.committed.load()
                           : job.rows_committed;
    s.bytes = job.progress.bytes.load();
    s.total_bytes = job.progress.total_bytes.load();
    s.rejected = job.progress.rejected.load();
    s.inference_skipped = job.progress.inference_skipped.load();
    s.repeated_headers = job.progress.repeated_headers.load();
    s.wire_bytes = job.progress.wire_bytes.load();
    s.codec = job.progress.codec.load();
    if (job.result) {
        s.seconds = job.result->seconds;
    } else if (job.started) {
        const auto end = job.ended.value_or(Clock::now());
        s.seconds = std::chrono::duration<double>(end - *job.started).count();
    }
    s.request = job.summary;
    s.error = job.error;
    s.load = load_facts(std::holds_alternative<ImportRequest>(job.summary), job.progress);
    s.fingerprints = job.fingerprints;
    s.files_done = job.progress.files_done.load();
    s.files_total = job.progress.files_total.load();
    if (const auto* import = std::get_if<ImportRequest>(&job.summary); import && s.files_total == 0) {
        // Known from the request before the reader has opened the files, so a queued job says "0 of 40".
        s.files_total = import->files.empty() ? 1 : import->files.size();
    }
    s.current_file = job.progress.current_file.get();
    s.owner = job.owner;
    s.created = job.created;
    s.started_at = job.started_at;
    s.finished_at = job.ended_at;
    s.revision = ++revision_;
    return s;
}

std::optional<JobSnapshot> JobRegistry::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) {
        return std::nullopt;
    }
    return snapshot(*it->second);
}

std::vector<JobSnapshot> JobRegistry::list() const {
    std::lock_guard lock(mutex_);
    std::vector<JobSnapshot> out;
    out.reserve(jobs_.size());
    for (const auto& job : jobs_) {
        out.push_back(snapshot(*job));
    }
    return out;
}

bool JobRegistry::cancel(const std::string& id) {
    {
        std::lock_guard lock(mutex_);
        const auto it = by_id_.find(id);
        if (it == by_id_.end()) {
            return false;
        }
        it->second->cancel.cancel();
    }
    changed_.notify_all();
    return true;
}

std::optional<JobSnapshot> JobRegistry::wait(const std::string& id, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) {
        return std::nullopt;
    }
    const auto job = it->second;
    changed_.wait_for(lock, timeout, [&] {
        return job->status == JobStatus::Completed || job->status == JobStatus::Failed ||
               job->status == JobStatus::Cancelled;
    });
    return snapshot(*job);
}

} // namespace ferry::pipeline
