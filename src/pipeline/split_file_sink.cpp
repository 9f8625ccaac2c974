#include "pipeline/split_file_sink.h"

#include "io/file_digest.h"

namespace ferry::pipeline {

SplitFileSink::SplitFileSink(FileSeries& series, std::string partition_value, const formats::Dialect& dialect,
                             SplitLimits limits, std::vector<std::string> header)
    : series_(series), partition_value_(std::move(partition_value)), dialect_(dialect), limits_(limits),
      header_(std::move(header)) {}

SplitFileSink::~SplitFileSink() = default; // an unsealed file removes its temporary file

void SplitFileSink::open_file() {
    path_ = series_.next_path(partition_value_);
    file_ = std::make_unique<io::AtomicFile>(path_);
    writer_ = std::make_unique<formats::CsvWriter>(file_->stream(), dialect_);
    if (dialect_.header) {
        for (const auto& name : header_) {
            writer_->field(name);
        }
        writer_->end_row();
    }
    file_rows_ = 0;
    made_a_file_ = true;
}

void SplitFileSink::seal_file() {
    writer_->flush();
    writer_.reset();
    file_->seal();
    SeriesFile info{.path = path_,
                    .partition = partition_value_,
                    .rows = file_rows_,
                    .bytes = file_->bytes_on_disk(),
                    .sha256 = io::sha256_of_file(file_->temp_path())};
    sealed_bytes_ += info.bytes;
    series_.add(std::move(file_), std::move(info));
}

void SplitFileSink::write_row(std::span<const formats::TsvField> row) {
    if (!file_) {
        open_file();
    }
    writer_->write_row(row);
    ++file_rows_;
    ++total_rows_;
    if ((limits_.rows && file_rows_ >= limits_.rows) ||
        (limits_.bytes && writer_->bytes() >= limits_.bytes)) {
        seal_file();
    }
}

void SplitFileSink::finish() {
    if (!file_ && !made_a_file_) {
        open_file();
    }
    if (file_) {
        seal_file();
    }
}

std::uint64_t SplitFileSink::bytes_on_disk() const {
    return sealed_bytes_ + (file_ ? file_->bytes_on_disk() : 0);
}

} // namespace ferry::pipeline
