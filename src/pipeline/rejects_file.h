#pragma once
/// Rows an import skipped (OnError::Skip), written as CSV in the input's dialect: the file (when several
/// are imported), the line number, the reason, then the record's fields as they were read. Written atomically; kept even when the import
/// then fails on too many errors, since that is when it is most needed.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "formats/csv_reader.h"
#include "formats/csv_writer.h"
#include "io/write_stream.h"

namespace ferry::pipeline {

class RejectsFile {
public:
    RejectsFile(const std::filesystem::path& path, const formats::Dialect& dialect);

    /// `file` names the input file when an import reads several; the rejects file then starts with a
    /// `file` column (decided by the first reject).
    void add(std::uint64_t line, std::string_view reason, std::span<const formats::Field> fields,
             std::string_view file = {});
    std::uint64_t count() const { return count_; }
    /// Renames the file into place (only if something was rejected).
    void commit();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    formats::Dialect dialect_;
    std::unique_ptr<io::AtomicFile> file_;
    std::unique_ptr<formats::CsvWriter> writer_;
    std::uint64_t count_ = 0;
    bool with_file_ = false;
};

} // namespace ferry::pipeline
