#pragma once
/// Cooperative cancellation shared between the party that asks (Ctrl-C, the API's DELETE) and the
/// transfer that polls it between batches and from libcurl's progress callback.

#include <atomic>

namespace ferry {

class CancelToken {
public:
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
    /// Throws Error(Cancelled) when cancelled.
    void check() const;

private:
    std::atomic<bool> cancelled_{false};
};

} // namespace ferry
