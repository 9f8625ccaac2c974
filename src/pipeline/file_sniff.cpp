#include "pipeline/file_sniff.h"

#include "formats/dialect.h"
#include "io/file_sample.h"
#include "io/transcoding_read_stream.h"

namespace ferry::pipeline {

SniffedFile sniff_file(const std::filesystem::path& path, const formats::DialectChoice& choice) {
    formats::Sniffer sniffer(io::read_file_sample(path), formats::default_delimiter_for(path.string()));
    SniffedFile out;
    out.result = sniffer.sniff(choice);
    out.spec.path = path;
    out.spec.dialect = out.result.dialect;
    for (const auto& column : out.result.columns) {
        out.spec.value_formats.push_back(column.format);
    }
    out.spec.suggestion = out.result.suggestion;
    return out;
}

std::unique_ptr<io::ReadStream> open_text_input(const FileSpec& spec) {
    return io::decode_as_utf8(io::open_input_file(spec.path), spec.dialect.encoding);
}

} // namespace ferry::pipeline
