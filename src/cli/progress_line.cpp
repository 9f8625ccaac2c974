#include "cli/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/output.h"
#include "io/wire_codec.h"

namespace ferry::cli {

ProgressLine::ProgressLine(const pipeline::Progress& progress) : progress_(progress) {
    if (!isatty(STDERR_FILENO)) {
        return;
    }
    thread_ = std::thread([this] {
        const auto start = std::chrono::steady_clock::now();
        while (!done_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            draw(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        std::fputs("\r\033[K", stderr);
    });
}

ProgressLine::~ProgressLine() {
    done_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
}

void ProgressLine::draw(double seconds) const {
    const auto rows = progress_.rows.load();
    const auto bytes = progress_.bytes.load();
    const auto total = progress_.total_bytes.load();
    std::string line = fmt::format("{}: {} rows, {}", pipeline::to_string(progress_.phase.load()), rows,
                                   human_bytes(static_cast<double>(bytes)));
    if (seconds > 0) {
        line += fmt::format(", {:.0f} rows/s, {}/s", rows / seconds, human_bytes(bytes / seconds));
    }
    // Bytes on the wire differ from the file's when a codec compresses them (live: see HttpClient).
    if (const auto wire = progress_.wire_bytes.load();
        wire > 0 && progress_.codec.load() != io::Compression::None) {
        line += fmt::format(", {} on the wire ({})", human_bytes(static_cast<double>(wire)),
                            io::wire_name(progress_.codec.load()));
    }
    const auto files_total = progress_.files_total.load();
    if (files_total > 0) {
        line +=
            fmt::format(", file {}/{}", std::min(progress_.files_done.load() + 1, files_total), files_total);
    } else if (progress_.files_done.load() > 0) {
        line += fmt::format(", {} files", progress_.files_done.load());
    }
    if (total > 0) {
        const double fraction = static_cast<double>(bytes) / static_cast<double>(total);
        line += fmt::format(", {:.0f}%", 100.0 * fraction);
        if (seconds > 1 && fraction > 0.01 && fraction < 1) {
            line += fmt::format(", ETA {:.0f} s", seconds * (1 - fraction) / fraction);
        }
    }
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
}

} // namespace ferry::cli
