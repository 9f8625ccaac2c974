#pragma once
/// The one place the CLI, the server and the import job learn how to read a file: the sniffer's verdict
/// merged with the user's choices, and the stream that reads the file in that dialect's encoding.

#include <filesystem>
#include <memory>

#include "formats/sniffer/sniffer.h"
#include "io/read_stream.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

struct SniffedFile {
    FileSpec spec; ///< dialect to use (user's choices win), value formats, suggestion for errors
    formats::SniffResult result;
};

/// Samples `path` (its start and a few blocks: bounded whatever the size) and sniffs it. Throws
/// Error(File) when it cannot be read.
/// With `stream_long_records`, when no whole record fits the sample (a 100 MB field), the first records are
/// streamed to type the columns (for schemas; previews and imports do not need it).
/// `leave_out_type_outliers`: see Sniffer::sniff (for `create` with on_error skip).
SniffedFile sniff_file(const std::filesystem::path& path, const formats::DialectChoice& choice,
                       bool stream_long_records = false, bool leave_out_type_outliers = false);

/// Reads the first `rows` records of the file as an import would, so a malformed one fails here with the CSV
/// reader's own error ("line 3: expected 2 fields, found 3"), plus `spec.suggestion` when there is one.
/// Used before creating a table from the file and by `ferry columns`; the API reports bad rows instead.
void check_sample(const FileSpec& spec, std::size_t rows = 1000);

/// The file's bytes as UTF-8: decompressed by extension, transcoded from `spec.dialect.encoding`.
std::unique_ptr<io::ReadStream> open_text_input(const FileSpec& spec);

} // namespace ferry::pipeline
