#include "pipeline/rejects_file.h"

namespace ferry::pipeline {

RejectsFile::RejectsFile(const std::filesystem::path& path, const formats::Dialect& dialect)
    : path_(path), dialect_(dialect) {}

void RejectsFile::add(std::uint64_t line, std::string_view reason, std::span<const formats::Field> fields,
                      std::string_view file) {
    if (!file_) {
        // Opened on the first reject, so a clean import leaves no empty rejects file behind.
        file_ = std::make_unique<io::AtomicFile>(path_);
        writer_ = std::make_unique<formats::CsvWriter>(file_->stream(), dialect_);
        with_file_ = !file.empty();
        if (with_file_) {
            writer_->field("file");
        }
        writer_->field("line");
        writer_->field("error");
        writer_->field("fields...");
        writer_->end_row();
    }
    if (with_file_) {
        writer_->field(file);
    }
    writer_->field(std::to_string(line));
    writer_->field(reason);
    for (const auto& field : fields) {
        if (field.is_null()) {
            writer_->null_field();
        } else {
            writer_->field(field.value);
        }
    }
    writer_->end_row();
    ++count_;
}

void RejectsFile::commit() {
    if (file_) {
        writer_->flush();
        file_->commit();
    }
}

} // namespace ferry::pipeline
