#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/background_sync.h"
#include "io/write_stream.h"

namespace ferry::io {
namespace {

namespace fs = std::filesystem;

// fdatasync(2) on a pipe fails with EINVAL: whether stop() reports it tells whether the thread synced.
struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { EXPECT_EQ(::pipe(fds), 0); }
    ~Pipe() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
};

TEST(BackgroundSync, SyncsOnceAStretchIsWrittenAndReportsItsError) {
    Pipe pipe;
    BackgroundSync sync(pipe.fds[1]);
    sync.written(BackgroundSync::kStretch);
    EXPECT_EQ(sync.stop(), EINVAL); // the failure a later fsync would no longer see
    EXPECT_EQ(sync.stop(), EINVAL); // stop() twice is harmless
}

TEST(BackgroundSync, DoesNothingBelowOneStretch) {
    Pipe pipe;
    BackgroundSync sync(pipe.fds[1]);
    sync.written(BackgroundSync::kStretch - 1);
    EXPECT_EQ(sync.stop(), 0);
}

TEST(BackgroundSync, NothingAfterStop) {
    Pipe pipe;
    BackgroundSync sync(pipe.fds[1]);
    EXPECT_EQ(sync.stop(), 0);
    sync.written(3 * BackgroundSync::kStretch);
    EXPECT_EQ(sync.stop(), 0);
}

TEST(BackgroundSync, AtomicFileOfSeveralStretchesKeepsEveryByte) {
    std::string pattern = (fs::temp_directory_path() / "ferry-bgsync-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    const fs::path target = fs::path(pattern) / "big.csv";
    // Rows of different lengths, so every stretch boundary falls inside a row.
    const std::uint64_t want = 2 * BackgroundSync::kStretch + 12345;
    std::uint64_t sum = 0;
    std::uint64_t written = 0;
    {
        AtomicFile file(target);
        std::string row;
        for (std::uint64_t i = 0; written < want; ++i) {
            row = std::to_string(i * 7919) + "," + std::string(i % 97, 'x') + "\n";
            file.stream().write(row);
            written += row.size();
            for (const char c : row) {
                sum = sum * 31 + static_cast<unsigned char>(c);
            }
        }
        file.commit();
    }
    std::ifstream in(target, std::ios::binary);
    std::uint64_t read_sum = 0;
    std::uint64_t read = 0;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        for (std::streamsize i = 0; i < in.gcount(); ++i) {
            read_sum = read_sum * 31 + static_cast<unsigned char>(buffer[i]);
        }
        read += static_cast<std::uint64_t>(in.gcount());
    }
    EXPECT_EQ(read, written);
    EXPECT_EQ(read_sum, sum);
    fs::remove_all(pattern);
}

} // namespace
} // namespace ferry::io
