#pragma once
/// Several input files read as one stream of records, for an import of many files as one job. Used like a
/// CsvReader: the first next() gives the first file's header (when the dialect has one), then the records
/// of every file in order; each later file's header is checked and skipped. Positions are (file, line).
///
/// Checks before anything is loaded (the constructor): every file opens, and its header equals the first
/// file's (an empty file, with no header at all, holds no records and agrees with any). A file whose header
/// differs is an error naming both files, unless `columns` (the columns to load) are all in it: its records
/// are then presented in the first file's column order,
/// the loaded columns taken by name. Only one file is open at a time.
///
/// A record identical to its file's header, below it, is left out and counted (repeated_header.h), unless the
/// dialect keeps repeated headers.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/repeated_header.h"
#include "io/read_stream.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

/// The files an import reads: `request.files`, or just `request.file`.
std::vector<FileSpec> input_files(const ImportRequest& request);

class FileChainReader {
public:
    /// `files` is not empty. `progress` (optional) gets files_total and files_done.
    FileChainReader(std::vector<FileSpec> files, const std::vector<std::string>& columns,
                    Progress* progress = nullptr);
    ~FileChainReader();
    FileChainReader(const FileChainReader&) = delete;
    FileChainReader& operator=(const FileChainReader&) = delete;

    bool next();
    /// Recover from malformed records in every file (CsvReader::set_bad_record_handler): they go to `handler`
    /// and reading goes on. An empty handler reads strictly again.
    void set_bad_record_handler(formats::CsvReader::BadRecordHandler handler);
    /// The current record as it is in its file, without the line ending (empty for a blank line).
    std::string_view raw_record() const { return reader_->raw_record(); }
    /// The current record in the first file's column order (columns a later file lacks are NULL).
    std::span<const formats::Field> fields() const;
    /// The first file's header names (as formats::header_names gives them), or c1, c2 ... without header.
    const std::vector<std::string>& header() const { return header_; }
    /// 1-based line of the current record in its file.
    std::uint64_t line() const;
    /// The current file.
    const std::filesystem::path& path() const { return files_[current_].spec.path; }
    std::size_t file_count() const { return files_.size(); }
    /// Index of the current file in the list.
    std::size_t file_index() const { return current_; }
    /// The current file's sniffed value forms, by column in the first file's order (see fields()).
    std::vector<formats::ValueFormat> value_formats() const;
    /// The first file's dialect.
    const formats::Dialect& dialect() const { return files_.front().spec.dialect; }
    /// "line 12" for a single file, "logs/b.csv line 12" when several are read (for error messages).
    std::string location() const;
    /// Compressed bytes consumed across all files so far, and their total size, for progress.
    std::uint64_t raw_bytes_read() const;
    std::uint64_t total_bytes() const { return total_bytes_; }
    /// Records identical to their file's header that were left out, with where the first ones were.
    const formats::RepeatedHeaders& repeated_headers() const { return repeated_headers_; }
    /// Throws Error(Data) "<location>: expected E fields, found F" when the current record does not
    /// have as many fields as its file's header (E is ignored when files differ in width).
    void expect_field_count(std::size_t expected) const;

private:
    struct Input {
        FileSpec spec;
        std::uint64_t bytes = 0;
        std::size_t width = 0;               ///< fields in its header (or first record)
        bool empty = false;                  ///< no record at all, not even a header
        std::vector<std::size_t> remap;      ///< first-file column -> this file's column; empty = same
    };
    void open(std::size_t index);
    /// Rethrows a reader error with the file named in the message and context.
    [[noreturn]] void rethrow_with_file(const Error& error) const;

    std::vector<Input> files_;
    std::vector<std::string> header_;
    Progress* progress_;
    bool several_; ///< more than one file: messages name the file
    std::size_t current_ = 0;
    std::unique_ptr<io::ReadStream> stream_;
    std::unique_ptr<formats::CsvReader> reader_;
    std::uint64_t bytes_done_ = 0; ///< raw bytes of the files already finished
    bool finished_ = false;        ///< the last file has ended (its bytes are in bytes_done_)
    formats::CsvReader::BadRecordHandler bad_record_handler_;
    std::uint64_t total_bytes_ = 0;
    bool awaiting_header_ = false;            ///< the current file's next record is its header
    formats::RepeatedHeader file_header_;     ///< the current file's header, to recognise it repeated
    formats::RepeatedHeaders repeated_headers_;
    mutable std::vector<formats::Field> remapped_; ///< fields() of a file whose columns are reordered
};

} // namespace ferry::pipeline
