#pragma once
/// Decides how to read a file from a bounded sample: encoding (encoding_detection.h), delimiter, quote and
/// lines before the table (dialect_detection.h), header (header_detection.h), decimal comma and per-column
/// types (type_detection.h). Every choice the user made wins; the sniffer still reports what it would have
/// chosen, and a warning when the two disagree clearly.

#include <cstdint>
#include <string>
#include <vector>

#include "formats/bad_row.h"
#include "formats/dialect.h"
#include "formats/type_detector.h"
#include "io/file_sample.h"

namespace ferry::formats {

struct SniffedColumn {
    std::string name;
    std::string type; ///< ClickHouse type; "Bool" and "DateTime64" may need adapting to old servers
    ValueFormat format = ValueFormat::AsIs;
    std::string note; ///< why a column stayed a String, when it nearly was something else
};

struct SniffResult {
    Dialect dialect;         ///< what to use: the user's choices, the sniffer's for the rest
    Dialect detected;        ///< the sniffer's own choices
    double confidence = 0;   ///< 0..1 for `detected`
    std::vector<SniffedColumn> columns;
    std::vector<BadRow> bad_rows; ///< at most 20, from the sample
    std::size_t bad_row_count = 0; ///< rows of the sample that do not parse (left out of the types), all counted
    std::size_t sampled_rows = 0; ///< data rows the types were decided from
    /// Rows of the sample identical to the first (a repeated header), left out of the types (repeated_header.h).
    std::size_t repeated_headers = 0;
    bool whole_file = false;      ///< the sample was the whole file
    /// "This file looks semicolon-delimited - use that?" when a user choice disagrees with a confident
    /// detection; empty otherwise.
    std::string warning;
    /// For parse errors under a suspect dialect: "it looks semicolon-delimited: try --delimiter semicolon".
    std::string suggestion;
    /// The values start with a space after each delimiter (`a, b, c`) and trim is off: the warning proposes
    /// --trim (API `"trim": true`), which is never turned on by itself.
    bool propose_trim = false;
};

class Sniffer {
public:
    /// `default_delimiter` (from the file name) wins when nothing else decides, as in a one-column file.
    Sniffer(io::FileSample sample, char default_delimiter);

    /// Throws Error(Data) "duplicate column name 'x' in header (columns 2 and 5)" for a header that names
    /// a column twice.
    /// With `leave_out_type_outliers` (an import with --on-error skip), a sampled row whose value alone would
    /// make its column a String is left out of the types and listed as a bad row (type_outliers.h);
    /// otherwise the column stays a String and its note names that row.
    SniffResult sniff(const DialectChoice& choice = {}, bool leave_out_type_outliers = false) const;

private:
    struct Table;
    Table read_table(const DialectChoice& choice, bool leave_out_type_outliers = false) const;

    io::FileSample sample_;
    char default_delimiter_;
};

} // namespace ferry::formats
