#include "io/background_sync.h"

#include <unistd.h>

#include <cerrno>

namespace ferry::io {

void BackgroundSync::written(std::uint64_t total) {
    {
        std::lock_guard lock(mutex_);
        written_ = total;
        if (stopping_ || error_ != 0 || written_ - synced_ < kStretch) {
            return;
        }
    }
    if (!thread_.joinable()) {
        thread_ = std::thread([this] { run(); });
    }
    wake_.notify_one();
}

int BackgroundSync::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
    std::lock_guard lock(mutex_);
    return error_;
}

void BackgroundSync::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || written_ - synced_ >= kStretch; });
        // A stretch reported before stop() is still synced: the final fsync would flush it anyway.
        if (written_ - synced_ < kStretch) {
            return;
        }
        synced_ = written_;
        lock.unlock();
        const int result = ::fdatasync(fd_);
        const int error = result == 0 ? 0 : errno;
        lock.lock();
        if (error != 0 && error != EINTR) {
            error_ = error;
            return;
        }
    }
}

} // namespace ferry::io
