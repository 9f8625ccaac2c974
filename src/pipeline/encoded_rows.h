#pragma once
/// The rows of an input file - or of several read as one stream (FileChainReader: headers checked first,
/// errors and rejects name the file and line) - parsed with Ferry's CSV reader and encoded for INSERT,
/// handed out in batches.
/// Bad rows either stop the import (the error names the line, column and value) or are written to the
/// rejects file and skipped. Reading the same file twice gives the same batches, which is how a load
/// checks every row before it sends the first (LoadPlan::prevalidate).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse/insert_encoder.h"
#include "common/error.h"
#include "formats/schema_sniffer.h"
#include "formats/csv_reader.h"
#include "formats/value_normalizer.h"
#include "io/read_stream.h"
#include "pipeline/file_chain_reader.h"
#include "pipeline/rejects_file.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

class EncodedRows {
public:
    /// What happens to a row that cannot be loaded.
    enum class BadRows {
        Fail,   ///< throw its error
        Reject, ///< write it to the rejects file and go on (fail past max_errors)
        Skip,   ///< go on silently: a second pass over rows the first pass already rejected
    };

    /// Opens `file` and reads its header (or keeps the first record as data without one).
    explicit EncodedRows(const FileSpec& file) : EncodedRows(std::vector<FileSpec>{file}, {}) {}
    /// Several files as one stream; `columns` (the columns to load, may be empty) lets files whose headers
    /// differ agree (see FileChainReader). `progress` gets files done / total.
    EncodedRows(std::vector<FileSpec> files, const std::vector<std::string>& columns,
                Progress* progress = nullptr);

    /// Column names from the header, or c1, c2 ... without one.
    const std::vector<std::string>& file_columns() const { return file_columns_; }
    std::uint64_t total_bytes() const { return reader_.total_bytes(); }

    /// What to encode: for each INSERT column (`target`), its index in the file's records. Values are
    /// converted from the forms each file was sniffed to use (DD/MM/YYYY, 1.234,50, yes/no) unless the
    /// target column takes text as is.
    void set_columns(std::vector<std::size_t> file_indexes, std::vector<clickhouse::ColumnInfo> target,
                     clickhouse::InsertEncoder& encoder);
    void set_bad_rows(BadRows mode, RejectsFile* rejects = nullptr, std::uint64_t max_errors = 0);

    /// Appends encoded rows to `out` until it holds at least `max_bytes` bytes or `max_rows` rows (0: no row
    /// limit); with a columnar encoder (Native) they are one block, written at the end. Returns the number of rows appended; `done()` tells whether the file has ended.
    std::uint64_t fill(std::string& out, std::size_t max_bytes, std::uint64_t max_rows);
    bool done() const { return end_of_file_; }

    std::uint64_t rows() const { return rows_; }
    /// Records rejected or skipped as bad so far: rows() + rejected() is every record read.
    std::uint64_t rejected() const { return rejected_; }
    std::uint64_t raw_bytes_read() const { return reader_.raw_bytes_read(); }
    /// Records identical to the header that were left out (neither rows nor rejected: not records).
    const formats::RepeatedHeaders& repeated_headers() const { return reader_.repeated_headers(); }

private:
    void reject(const Error& error, std::string& out, std::size_t row_start);
    /// The current record is bad: thrown (BadRows::Fail, or not a data error) or rejected.
    void reject_current(std::string_view reason, std::string& out, std::size_t row_start, const ErrorContext& context,
                        ErrorKind kind = ErrorKind::Data);
    /// A record the reader stepped over (skip mode).
    void on_bad_record(const formats::BadRecord& record);
    /// Counts a rejected record and writes it to the rejects file; throws past max_errors.
    void add_reject(std::uint64_t line, std::string_view reason, std::string_view record, const ErrorContext& context);
    /// The current record as in the file (rebuilt from its fields when the reader has no bytes for it).
    std::string current_record() const;
    std::string without_location(std::string_view message) const;
    std::string second_table_reason() const;
    /// Why the current record is rejected before its values are looked at: a blank line inside the table,
    /// or a second table in the file (a blank line, then another header or a record of another width: it and
    /// every record after it). Nothing when it is an ordinary record.
    std::optional<std::string> table_break_reason(std::size_t width);
    /// The converters for the file being read (files of one job are sniffed one by one).
    void update_normalizers();

    FileChainReader reader_;
    std::vector<std::string> file_columns_;
    bool pending_row_ = false;
    bool end_of_file_ = false;
    std::vector<std::size_t> file_indexes_;
    std::vector<clickhouse::ColumnInfo> target_;
    clickhouse::InsertEncoder* encoder_ = nullptr;
    std::vector<formats::ValueNormalizer> normalizers_;
    std::size_t normalizers_file_ = static_cast<std::size_t>(-1); ///< file index normalizers_ are for
    std::string normalized_;
    BadRows bad_rows_ = BadRows::Fail;
    RejectsFile* rejects_ = nullptr;
    std::uint64_t max_errors_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t rejected_ = 0;
    std::string header_record_; ///< the header as it was written, for the rejects file
    std::uint64_t header_line_ = 0;
    std::uint64_t blank_line_ = 0;        ///< the last blank line inside the table
    bool after_blank_ = false;            ///< the previous record was that blank line
    std::uint64_t second_table_line_ = 0; ///< where a second table starts, once seen
};

} // namespace ferry::pipeline
