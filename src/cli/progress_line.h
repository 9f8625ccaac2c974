#pragma once
/// A live progress line on stderr (rows, bytes, rate, percent) while a transfer runs, only when stderr is
/// a terminal. Redrawn by its own thread; erased when the transfer ends.

#include <atomic>
#include <thread>

#include "pipeline/transfer.h"

namespace ferry::cli {

class ProgressLine {
public:
    explicit ProgressLine(const pipeline::Progress& progress);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

private:
    void draw(double seconds) const;

    const pipeline::Progress& progress_;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

} // namespace ferry::cli
