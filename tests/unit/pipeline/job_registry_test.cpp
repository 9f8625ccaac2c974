#include "pipeline/job_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace ferry::pipeline {
namespace {

using namespace std::chrono_literals;

ExportRequest export_with_password(const std::string& password) {
    ExportRequest request;
    request.connection.password = password;
    request.connection.jwt = "token-" + password;
    request.source.table = "t";
    request.file.path = "/data/out.csv";
    return request;
}

/// Counts rows until cancelled; never finishes on its own.
TransferResult run_until_cancelled(const JobRequest&, Progress& progress, const CancelToken& cancel) {
    progress.phase = Phase::Fetching;
    while (true) {
        ++progress.rows;
        cancel.check();
        std::this_thread::sleep_for(1ms);
    }
}

TEST(JobRegistry, RunsAJobToCompletion) {
    JobRegistry jobs([](const JobRequest&, Progress& progress, const CancelToken&) {
        progress.rows = 7;
        return TransferResult{.rows = 7, .bytes = 70, .seconds = 0.5};
    });
    const auto id = jobs.submit(export_with_password("pw"));
    EXPECT_EQ(id.size(), 32u);
    const auto job = jobs.wait(id, 5s);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->status, JobStatus::Completed);
    EXPECT_EQ(job->phase, Phase::Completed);
    EXPECT_EQ(job->rows, 7u);
    EXPECT_EQ(job->bytes, 70u);
    EXPECT_DOUBLE_EQ(job->seconds, 0.5);
    EXPECT_FALSE(job->error);
}

TEST(JobRegistry, StoresNoSecrets) {
    JobRegistry jobs([](const JobRequest& request, Progress&, const CancelToken&) {
        // The runner itself gets the real credentials.
        EXPECT_EQ(std::get<ExportRequest>(request).connection.password, "hunter2");
        return TransferResult{};
    });
    const auto id = jobs.submit(export_with_password("hunter2"));
    const auto job = jobs.wait(id, 5s);
    const auto& stored = std::get<ExportRequest>(job->request);
    EXPECT_EQ(stored.connection.password, "");
    EXPECT_EQ(stored.connection.jwt, "");
    EXPECT_EQ(stored.source.table, "t");
}

TEST(JobRegistry, RecordsFailuresWithSecretsRedacted) {
    JobRegistry jobs([](const JobRequest&, Progress&, const CancelToken&) -> TransferResult {
        throw Error(ErrorKind::Auth, "wrong password hunter2 for user default");
    });
    const auto id = jobs.submit(export_with_password("hunter2"));
    const auto job = jobs.wait(id, 5s);
    EXPECT_EQ(job->status, JobStatus::Failed);
    EXPECT_EQ(job->phase, Phase::Failed);
    ASSERT_TRUE(job->error);
    EXPECT_EQ(job->error->kind, ErrorKind::Auth);
    EXPECT_EQ(job->error->message, "wrong password *** for user default");
}

TEST(JobRegistry, CancelsARunningJob) {
    JobRegistry jobs(run_until_cancelled);
    const auto id = jobs.submit(export_with_password("pw"));
    while (jobs.find(id)->rows == 0) {
        std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(jobs.find(id)->status, JobStatus::Running);
    EXPECT_TRUE(jobs.cancel(id));
    const auto job = jobs.wait(id, 5s);
    EXPECT_EQ(job->status, JobStatus::Cancelled);
    EXPECT_EQ(job->phase, Phase::Cancelled);
    EXPECT_FALSE(job->error);
    EXPECT_FALSE(jobs.cancel("nope"));
}

TEST(JobRegistry, QueuesBeyondTheLimitAndCancelsQueuedJobs) {
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    JobRegistry jobs(
        [&](const JobRequest& request, Progress& progress, const CancelToken& cancel) {
            most = std::max(most.load(), ++running);
            try {
                run_until_cancelled(request, progress, cancel);
            } catch (...) {
                --running;
                throw;
            }
            return TransferResult{};
        },
        2);
    const std::vector<std::string> ids = {jobs.submit(export_with_password("pw")),
                                          jobs.submit(export_with_password("pw")),
                                          jobs.submit(export_with_password("pw"))};
    // Threads start in any order: wait until two of the three run, then the third must be queued.
    auto count = [&](JobStatus status) {
        return std::count_if(ids.begin(), ids.end(),
                             [&](const auto& id) { return jobs.find(id)->status == status; });
    };
    while (count(JobStatus::Running) < 2) {
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(count(JobStatus::Queued), 1);
    const auto queued = *std::find_if(
        ids.begin(), ids.end(), [&](const auto& id) { return jobs.find(id)->status == JobStatus::Queued; });
    jobs.cancel(queued);
    EXPECT_EQ(jobs.wait(queued, 5s)->status, JobStatus::Cancelled);
    for (const auto& id : ids) {
        jobs.cancel(id);
        EXPECT_EQ(jobs.wait(id, 5s)->status, JobStatus::Cancelled);
    }
    EXPECT_EQ(most.load(), 2);

    const auto list = jobs.list();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].id, ids[0]);
    EXPECT_EQ(list[2].id, ids[2]);
}

TEST(JobRegistry, DestructorCancelsRunningJobs) {
    auto jobs = std::make_unique<JobRegistry>(run_until_cancelled);
    jobs->submit(export_with_password("pw"));
    jobs.reset(); // must not hang
}

TEST(JobRegistry, RedactSecrets) {
    clickhouse::Connection connection;
    connection.password = "pw";
    EXPECT_EQ(redact_secrets("a pw b pwpw", connection), "a *** b ******");
    connection.password.clear();
    EXPECT_EQ(redact_secrets("nothing", connection), "nothing");
}

} // namespace
} // namespace ferry::pipeline
