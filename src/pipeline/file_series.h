#pragma once
/// The files of a split or partitioned export: NAME-00001.EXT, NAME-00002.EXT ... (for `out.csv.gz`:
/// `out-00001.csv.gz`), or NAME-<partition>[-00001].EXT per partition value, plus NAME.manifest.json.
/// Every file is written and sealed under a temporary name; only commit() - called once the whole export
/// succeeded - renames them all into place, the manifest last. A series destroyed without commit() (an
/// error, a cancel) removes its temporary files, so no file of it ever appears under a final name.
/// Thread-safe, so parallel streams can add files to one series.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "io/write_stream.h"

namespace ferry::pipeline {

/// One finished file of a series, as the manifest lists it.
struct SeriesFile {
    std::filesystem::path path; ///< final path
    std::string partition; ///< the partition value escaped as TSV (NULL is \N); unused when unpartitioned
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0; ///< on disk (compressed for .gz/.zst)
    std::string sha256;      ///< of the bytes on disk
};

/// "out.csv.gz" -> {"out", ".csv.gz"}; "a.b.tsv" -> {"a.b", ".tsv"}; "data" -> {"data", ""}. A .gz/.zst
/// suffix keeps the extension before it, so the series number goes before both.
std::pair<std::string, std::string> split_extension(const std::string& file_name);

/// A partition value made safe as part of a file name: bytes other than ASCII letters, digits, '.', '_'
/// and '-' become '_', a leading '.' or '-' becomes '_', long values are cut to 64 bytes, an empty value is
/// "empty" and NULL ("\N") is "null".
std::string sanitize_partition_label(std::string_view value);

/// Where the series for export target `target` keeps its manifest: out.csv.gz -> out.manifest.json.
std::filesystem::path manifest_path_for(const std::filesystem::path& target);

class FileSeries {
public:
    /// `target` is the path the user asked for (e.g. out.csv.gz); `numbered` adds -00001 ... to the names.
    FileSeries(std::filesystem::path target, bool numbered);
    ~FileSeries();
    FileSeries(const FileSeries&) = delete;
    FileSeries& operator=(const FileSeries&) = delete;

    /// Gives each partition value a file-name label (sanitised; a label that two different values would
    /// share gets a short hash of the value appended). Call before files of partitions are made.
    void assign_labels(const std::vector<std::string>& partition_values);
    const std::string& label_of(const std::string& partition_value) const;

    /// The final path of the next file of `partition_value` (ignored when unpartitioned).
    std::filesystem::path next_path(const std::string& partition_value);
    /// Takes a sealed file and what the manifest says about it.
    void add(std::unique_ptr<io::AtomicFile> sealed, SeriesFile info);

    /// Renames every file into place, then writes the manifest (`extra` is merged into its top-level
    /// object as JSON members, e.g. `"columns": [...]`). Files listed by a previous manifest of the same
    /// name that this series did not rewrite are removed, so the directory holds exactly one series.
    void commit(const std::string& extra_json_members);

    std::vector<SeriesFile> files() const;
    const std::filesystem::path& manifest_path() const { return manifest_; }
    std::uint64_t bytes_on_disk() const;

private:
    std::filesystem::path target_;
    std::filesystem::path manifest_;
    std::string stem_;
    std::string extension_;
    bool numbered_;
    bool partitioned_ = false; ///< assign_labels() was called: names carry the partition label

    mutable std::mutex mutex_;
    std::map<std::string, std::string> labels_; ///< partition value -> file-name label
    std::map<std::string, std::size_t> next_index_;
    std::vector<std::unique_ptr<io::AtomicFile>> pending_;
    std::vector<SeriesFile> files_;
    std::uint64_t bytes_ = 0;
    bool committed_ = false;
};

} // namespace ferry::pipeline
