#include "pipeline/rejects_input.h"

#include <fstream>
#include <string>

#include "formats/csv_reader.h"

namespace ferry::pipeline {

namespace {

constexpr std::string_view kHeader = "line,reason,record";
constexpr std::string_view kHeaderWithFile = "file,line,reason,record";

class RejectsRecords final : public io::ReadStream {
public:
    explicit RejectsRecords(const std::filesystem::path& path)
        : file_(io::open_input_file(path)), reader_(*file_, formats::Dialect{}) {
        if (reader_.next()) {
            column_ = reader_.fields().size() - 1; // `record` is the last column
        } else {
            done_ = true;
        }
    }

    std::size_t read(char* dst, std::size_t capacity) override {
        while (pos_ == buffer_.size() && !done_) {
            buffer_.clear();
            pos_ = 0;
            if (!reader_.next()) {
                done_ = true;
                break;
            }
            const auto fields = reader_.fields();
            if (column_ < fields.size()) {
                buffer_.append(fields[column_].value);
                buffer_ += '\n';
            }
        }
        const std::size_t n = std::min(capacity, buffer_.size() - pos_);
        buffer_.copy(dst, n, pos_);
        pos_ += n;
        return n;
    }
    std::uint64_t raw_bytes_read() const override { return file_->raw_bytes_read(); }
    std::uint64_t total_bytes() const override { return file_->total_bytes(); }

private:
    std::unique_ptr<io::ReadStream> file_;
    formats::CsvReader reader_;
    std::size_t column_ = 0;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool done_ = false;
};

} // namespace

bool is_rejects_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
        return false;
    }
    return line == kHeader || line == kHeaderWithFile;
}

std::unique_ptr<io::ReadStream> open_rejects_records(const std::filesystem::path& path) {
    return std::make_unique<RejectsRecords>(path);
}

io::FileSample rejects_sample(const std::filesystem::path& path, std::size_t start_bytes) {
    io::FileSample sample;
    auto records = open_rejects_records(path);
    sample.start.resize(start_bytes);
    std::size_t size = 0;
    while (size < start_bytes) {
        const std::size_t n = records->read(sample.start.data() + size, start_bytes - size);
        if (n == 0) {
            sample.whole_file = true;
            break;
        }
        size += n;
    }
    sample.start.resize(size);
    return sample;
}

} // namespace ferry::pipeline
