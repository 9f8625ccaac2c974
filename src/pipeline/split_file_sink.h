#pragma once
/// Writes exported rows into consecutive files of a FileSeries, starting a new file when the current one
/// holds `rows` rows or `bytes` bytes of CSV. Each file starts with the header (when the dialect has one),
/// so every file parses alone. Files are sealed (complete, fsynced, still under a temporary name) and
/// handed to the series with their rows, bytes and SHA-256; the series renames them all at the end.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "formats/csv_writer.h"
#include "formats/dialect.h"
#include "formats/tsv.h"
#include "io/write_stream.h"
#include "pipeline/file_series.h"

namespace ferry::pipeline {

/// When a split export starts its next file. 0 means no limit of that kind.
struct SplitLimits {
    std::uint64_t rows = 0;
    /// CSV bytes before compression, header included: a file ends with the first row that brings it to
    /// this size, so it holds at least `bytes` (the last file excepted) and less than `bytes` plus one row.
    std::uint64_t bytes = 0;
    bool any() const { return rows > 0 || bytes > 0; }
};

class SplitFileSink {
public:
    /// Rows of `partition_value` (empty: unpartitioned) go to `series`. `header` is written at the top of
    /// each file when the dialect has a header.
    SplitFileSink(FileSeries& series, std::string partition_value, const formats::Dialect& dialect,
                  SplitLimits limits, std::vector<std::string> header);
    ~SplitFileSink();

    void write_row(std::span<const formats::TsvField> row);
    /// Seals the current file. A sink that got no row still makes one file (the header alone), so an
    /// empty result is an empty file, as an unsplit export writes.
    void finish();

    std::uint64_t rows() const { return total_rows_; }
    /// Bytes on disk of the files made so far, the open one included (for progress).
    std::uint64_t bytes_on_disk() const;
    /// The final path of the file being written (or the last one sealed); empty before the first row.
    const std::filesystem::path& current_path() const { return path_; }

private:
    void open_file();
    void seal_file();

    FileSeries& series_;
    std::string partition_value_;
    formats::Dialect dialect_;
    SplitLimits limits_;
    std::vector<std::string> header_;

    std::unique_ptr<io::AtomicFile> file_;
    std::unique_ptr<formats::CsvWriter> writer_;
    std::filesystem::path path_;
    std::uint64_t file_rows_ = 0;
    std::uint64_t total_rows_ = 0;
    std::uint64_t sealed_bytes_ = 0;
    bool made_a_file_ = false;
};

} // namespace ferry::pipeline
