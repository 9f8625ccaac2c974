#include "pipeline/job_outcome.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "pipeline/file_fingerprint.h"

namespace ferry::pipeline {
namespace {

namespace fs = std::filesystem;

TEST(JobOutcome, AFailedImportSaysWhatWasLoadedAndWhereItStopped) {
    ErrorContext context;
    context.line = 7;
    const Error error(ErrorKind::Data, "line 7: column n: cannot parse 'x' as UInt8", context);
    const fs::path file = "/data/in.csv";
    const auto out = job_error(error, error.what(), &file, 0);
    EXPECT_EQ(out.message, "0 rows loaded; stopped at line 7: column n: cannot parse 'x' as UInt8");
    EXPECT_EQ(out.line, 7u);
    EXPECT_EQ(out.file, file);
    EXPECT_EQ(out.kind, ErrorKind::Data);
}

TEST(JobOutcome, OtherFailuresKeepTheirMessage) {
    const Error error(ErrorKind::Connection, "cannot connect to ClickHouse at 127.0.0.1:1: Connection refused");
    const fs::path file = "/data/in.csv";
    const auto out = job_error(error, error.what(), &file, 0);
    EXPECT_EQ(out.message, error.what());
    EXPECT_FALSE(out.line);
    EXPECT_TRUE(out.file.empty());
}

TEST(JobOutcome, LoadFactsComeFromThePlanTheImportChose) {
    Progress progress;
    EXPECT_EQ(load_facts(true, progress).strategy, ""); // not chosen yet
    progress.strategy = StrategyKind::StagingCopy;
    progress.atomic = false;
    EXPECT_EQ(load_facts(true, progress).strategy, "staging_copy");
    EXPECT_FALSE(load_facts(true, progress).atomic);
    EXPECT_EQ(load_facts(false, progress).strategy, "atomic_rename");
    EXPECT_TRUE(load_facts(false, progress).atomic);
}

TEST(FileFingerprint, ChangesWithContentAndModificationTime) {
    const auto path = fs::temp_directory_path() / ("ferry_fingerprint_" + std::to_string(std::random_device{}()));
    std::ofstream(path) << std::string(3 << 20, 'a');
    const auto first = fingerprint_file(path);
    EXPECT_EQ(first.size, 3u << 20);
    EXPECT_EQ(first.digest.size(), 16u);
    EXPECT_EQ(fingerprint_file(path), first);
    {
        std::fstream edit(path, std::ios::in | std::ios::out | std::ios::binary);
        edit.seekp((3 << 20) - 10);
        edit << 'b'; // in the last MiB
    }
    auto edited = fingerprint_file(path);
    EXPECT_NE(edited.digest, first.digest);
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(1));
    EXPECT_NE(fingerprint_file(path).modified_ns, edited.modified_ns);
    fs::remove(path);
    EXPECT_THROW(fingerprint_file(path), Error);
}

} // namespace
} // namespace ferry::pipeline
