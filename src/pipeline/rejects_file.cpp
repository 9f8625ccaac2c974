#include "pipeline/rejects_file.h"

#include "io/memory_stream.h"

namespace ferry::pipeline {

namespace {

/// The rejects file's own dialect: plain CSV, whatever the input's.
formats::Dialect rejects_dialect() { return formats::Dialect{}; }

} // namespace

RejectsFile::RejectsFile(const std::filesystem::path& path, const formats::Dialect& input)
    : path_(path), input_(input) {}

void RejectsFile::set_header(std::string record, std::uint64_t line) {
    header_ = std::move(record);
    header_line_ = line;
    have_header_ = true;
}

void RejectsFile::open(bool with_file, std::string_view file) {
    // Opened on the first reject, so a clean import leaves no empty rejects file behind.
    file_ = std::make_unique<io::AtomicFile>(path_);
    writer_ = std::make_unique<formats::CsvWriter>(file_->stream(), rejects_dialect());
    with_file_ = with_file;
    if (with_file_) {
        writer_->field("file");
    }
    writer_->field("line");
    writer_->field("reason");
    writer_->field("record");
    writer_->end_row();
    if (have_header_) {
        if (with_file_) {
            writer_->field(file);
        }
        writer_->field(std::to_string(header_line_));
        writer_->field("header");
        writer_->field(header_);
        writer_->end_row();
    }
}

void RejectsFile::add(std::uint64_t line, std::string_view reason, std::string_view record, std::string_view file) {
    if (!file_) {
        open(!file.empty(), file);
    }
    if (with_file_) {
        writer_->field(file);
    }
    writer_->field(std::to_string(line));
    writer_->field(reason);
    writer_->field(record); // "" for a blank line: never NULL
    writer_->end_row();
    ++count_;
}

void RejectsFile::commit() {
    if (file_) {
        writer_->flush();
        file_->commit();
    }
}

std::string RejectsFile::record_text(std::span<const formats::Field> fields, const formats::Dialect& dialect) {
    io::StringWriteStream out;
    {
        formats::CsvWriter writer(out, dialect);
        for (const auto& field : fields) {
            field.is_null() ? writer.null_field() : writer.field(field.value);
        }
        writer.flush();
    }
    return out.data();
}

} // namespace ferry::pipeline
