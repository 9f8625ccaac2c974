#include "pipeline/file_sniff.h"

#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/dialect.h"
#include "formats/schema_sniffer.h"
#include "io/file_sample.h"
#include "io/transcoding_read_stream.h"
#include "pipeline/rejects_input.h"

namespace ferry::pipeline {

SniffedFile sniff_file(const std::filesystem::path& path, const formats::DialectChoice& choice,
                       bool stream_long_records, bool leave_out_type_outliers) {
    // A rejects file being loaded back is sniffed (and read) as the records it holds.
    formats::Sniffer sniffer(is_rejects_file(path) ? rejects_sample(path) : io::read_file_sample(path),
                             formats::default_delimiter_for(path.string()));
    SniffedFile out;
    out.result = sniffer.sniff(choice, leave_out_type_outliers);
    out.spec.path = path;
    out.spec.dialect = out.result.dialect;
    if (stream_long_records && out.result.sampled_rows == 0 && !out.result.whole_file &&
        !out.result.columns.empty()) {
        // Records longer than the sample (a 100 MB field): type the first records by streaming them.
        auto input = open_text_input(out.spec);
        formats::CsvReader reader(*input, out.spec.dialect);
        // Records that do not parse are left out (and counted), as the sniffer leaves them out of its sample.
        std::vector<formats::BadRow> bad_rows;
        const auto schema = formats::infer_schema(reader, out.spec.dialect, 1000, &bad_rows);
        out.result.bad_row_count += bad_rows.size();
        if (reader.line() > out.spec.dialect.skip_lines + 1 || !out.spec.dialect.header) {
            // The sampled rows counted above were none: at least one data record was typed here.
            out.result.sampled_rows = bad_rows.size() + 1;
        }
        for (std::size_t i = 0; i < schema.size() && i < out.result.columns.size(); ++i) {
            out.result.columns[i].type = schema[i].type;
            out.result.columns[i].format = schema[i].format;
            out.result.columns[i].note = schema[i].note;
        }
    }
    for (const auto& column : out.result.columns) {
        out.spec.value_formats.push_back(column.format);
    }
    out.spec.suggestion = out.result.suggestion;
    return out;
}

void check_sample(const FileSpec& spec, std::size_t rows) {
    auto input = open_text_input(spec);
    formats::CsvReader reader(*input, spec.dialect);
    try {
        if (!reader.next()) {
            return;
        }
        const std::size_t width = reader.fields().size();
        if (spec.dialect.header) {
            formats::header_names(reader);
        }
        for (std::size_t i = 0; i < rows && reader.next(); ++i) {
            reader.expect_field_count(width);
        }
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Data || spec.suggestion.empty()) {
            throw;
        }
        throw Error(error.kind(), std::string(error.what()) + " (" + spec.suggestion + ")", error.context());
    }
}

std::unique_ptr<io::ReadStream> open_text_input(const FileSpec& spec) {
    if (is_rejects_file(spec.path)) {
        return open_rejects_records(spec.path); // UTF-8 already
    }
    return io::decode_as_utf8(io::open_input_file(spec.path), spec.dialect.encoding);
}

} // namespace ferry::pipeline
