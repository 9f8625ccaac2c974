/// Parse speed of the CSV reader, strict (--on-error abort) against recovering (--on-error skip), on files
/// already in the page cache. Build and run (see bench/README.md, "Parse speed"):
///
///     nice ninja -C build ferry_parse_bench
///     build/ferry_parse_bench --rounds 7 bench/data/parse_300mb.csv bench/data/parse_300mb_damaged.csv
///
/// Each round reads, in turn: the clean file strictly, the clean file recovering, and every further file
/// recovering; so drift of a loaded machine hits all alike. Each read is what an import's parse costs: every
/// record through CsvReader (width checked, every field touched), no encoding, no network. Prints a JSON line
/// per read and the medians with their ratio to the strict read of the clean file.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "formats/csv_reader.h"
#include "io/file_read_stream.h"

namespace {

struct Run {
    double seconds = 0;
    std::uint64_t records = 0;
    std::uint64_t rejected = 0;
    std::uint64_t bytes = 0;
    std::uint64_t rejected_bytes = 0;
};

Run parse(const std::string& path, bool recover) {
    ferry::io::FileReadStream input(path);
    ferry::formats::CsvReader reader(input, ferry::formats::Dialect{});
    Run run;
    if (recover) {
        // What a rejects file needs: the reason and the raw bytes, touched.
        reader.set_bad_record_handler(
            [&](const ferry::formats::BadRecord& bad) { run.rejected_bytes += bad.raw.size() + bad.reason.size(); });
    }
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t checksum = 0;
    std::size_t width = 0;
    while (reader.next()) {
        const auto fields = reader.fields();
        if (width == 0) {
            width = fields.size();
        }
        reader.expect_field_count(width);
        for (const auto& field : fields) {
            checksum += field.value.size();
        }
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.records = reader.records_read();
    run.rejected = reader.records_rejected();
    run.bytes = reader.raw_bytes_read() + (checksum & 0); // keep the loop's work observable
    if (checksum == 0) {
        std::fprintf(stderr, "empty input?\n");
    }
    return run;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 5;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty() || rounds < 1) {
        std::fprintf(stderr, "usage: ferry_parse_bench [--rounds N] CLEAN.csv [DAMAGED.csv ...]\n");
        return 2;
    }
    struct Lane {
        std::string name;
        std::string path;
        bool recover;
        std::vector<double> seconds;
        Run last;
    };
    std::vector<Lane> lanes{{"strict " + files[0], files[0], false, {}, {}},
                            {"skip   " + files[0], files[0], true, {}, {}}};
    for (std::size_t i = 1; i < files.size(); ++i) {
        lanes.push_back({"skip   " + files[i], files[i], true, {}, {}});
    }
    try {
        for (auto& lane : lanes) {
            parse(lane.path, lane.recover); // warm the page cache
        }
        for (int round = 0; round < rounds; ++round) {
            for (auto& lane : lanes) {
                lane.last = parse(lane.path, lane.recover);
                lane.seconds.push_back(lane.last.seconds);
                std::printf("{\"round\": %d, \"file\": \"%s\", \"mode\": \"%s\", \"seconds\": %.4f, \"records\": %llu, "
                            "\"rejected\": %llu, \"mb_per_s\": %.1f}\n",
                            round + 1, lane.path.c_str(), lane.recover ? "skip" : "strict", lane.last.seconds,
                            static_cast<unsigned long long>(lane.last.records),
                            static_cast<unsigned long long>(lane.last.rejected),
                            static_cast<double>(lane.last.bytes) / 1e6 / lane.last.seconds);
                std::fflush(stdout);
            }
        }
    } catch (const ferry::Error& error) {
        std::fprintf(stderr, "ferry_parse_bench: %s\n", error.what());
        return 1;
    }
    const double base = median(lanes[0].seconds);
    std::printf("\nmedian of %d rounds:\n", rounds);
    for (const auto& lane : lanes) {
        const double m = median(lane.seconds);
        std::printf("  %-60s %7.3f s  %7.1f MB/s  %+6.1f %% vs strict  (%llu records, %llu rejected)\n",
                    lane.name.c_str(), m, static_cast<double>(lane.last.bytes) / 1e6 / m, (m / base - 1) * 100,
                    static_cast<unsigned long long>(lane.last.records),
                    static_cast<unsigned long long>(lane.last.rejected));
    }
    return 0;
}
