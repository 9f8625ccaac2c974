#pragma once
/// Rows an import rejected (OnError::Skip), as a CSV file of its own (comma, `"`, LF, UTF-8, with a header):
///
///     line,reason,record                      (file,line,reason,record when several files are imported)
///     1,header,"id;name;price"
///     7,expected 3 fields found 4,"7;Eve;1,5;x"
///
/// `record` is the rejected record as it was in the input (its own dialect, line ending dropped). When the
/// input has a header, the first row holds it, with reason `header`, so the `record` column alone is a file
/// Ferry can load again once the records are fixed (`ferry import --file x.rejects.csv` does exactly that:
/// see rejects_input.h). Written atomically; kept even when the import then fails on too many errors, since
/// that is when it is most needed. Format documented in docs/dirty-rows.md ("The rejects file").

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "formats/csv_reader.h"
#include "formats/csv_writer.h"
#include "io/write_stream.h"

namespace ferry::pipeline {

class RejectsFile {
public:
    /// `input` is the dialect of the file being imported (for records rebuilt from their fields).
    RejectsFile(const std::filesystem::path& path, const formats::Dialect& input);

    /// The input's header record (its text and line), written first once something is rejected.
    void set_header(std::string record, std::uint64_t line);
    /// `file` names the input file when an import reads several; the rejects file then starts with a
    /// `file` column (decided by the first reject).
    void add(std::uint64_t line, std::string_view reason, std::string_view record, std::string_view file = {});
    /// Rejected records (the header row is not counted).
    std::uint64_t count() const { return count_; }
    /// Renames the file into place (only if something was rejected).
    void commit();
    const std::filesystem::path& path() const { return path_; }

    /// A record rebuilt from its parsed fields in `dialect`: quoted where needed, NULL as an empty field.
    static std::string record_text(std::span<const formats::Field> fields, const formats::Dialect& dialect);

private:
    void open(bool with_file, std::string_view file);

    std::filesystem::path path_;
    formats::Dialect input_;
    std::string header_;
    std::uint64_t header_line_ = 0;
    bool have_header_ = false;
    std::unique_ptr<io::AtomicFile> file_;
    std::unique_ptr<formats::CsvWriter> writer_;
    std::uint64_t count_ = 0;
    bool with_file_ = false;
};

} // namespace ferry::pipeline
