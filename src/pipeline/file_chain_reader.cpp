#include "pipeline/file_chain_reader.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "formats/schema_sniffer.h"
#include "pipeline/file_sniff.h"

namespace ferry::pipeline {

namespace {

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
/// Mismatching files named in the error; the rest are counted.
constexpr std::size_t kMismatchesNamed = 3;

std::vector<std::string> positional_names(std::size_t width) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i <= width; ++i) {
        names.push_back(fmt::format("c{}", i));
    }
    return names;
}

} // namespace

std::vector<FileSpec> input_files(const ImportRequest& request) {
    return request.files.empty() ? std::vector<FileSpec>{request.file} : request.files;
}

FileChainReader::FileChainReader(std::vector<FileSpec> files, const std::vector<std::string>& columns,
                                 Progress* progress)
    : progress_(progress), several_(files.size() > 1) {
    if (files.empty()) {
        throw Error(ErrorKind::Usage, "no input file");
    }
    std::vector<std::string> mismatches;
    std::size_t mismatch_count = 0;
    bool first_empty = true;
    for (auto& spec : files) {
        Input input{.spec = std::move(spec), .bytes = 0, .width = 0, .remap = {}};
        current_ = files_.size();
        files_.push_back(std::move(input));
        auto& file = files_.back();
        // Each file's header, read now so that a file that differs stops the import before any row loads.
        std::vector<std::string> names;
        try {
            auto stream = open_text_input(file.spec); // decompressed and transcoded to UTF-8
            file.bytes = stream->total_bytes();
            formats::CsvReader reader(*stream, file.spec.dialect);
            const bool have_first = reader.next();
            if (!have_first) {
                // An empty file holds no records: it loads 0 rows (as previews show it), and takes any header.
                file.empty = true;
            } else if (file.spec.dialect.header) {
                names = formats::header_names(reader);
            } else {
                names = positional_names(have_first ? reader.fields().size() : 0);
            }
        } catch (const Error& error) {
            rethrow_with_file(error);
        }
        file.width = names.size();
        total_bytes_ += file.bytes;
        if (files_.size() == 1 || (first_empty && !file.empty)) {
            // The first file that is not empty names the columns.
            first_empty = file.empty;
            header_ = std::move(names);
            continue;
        }
        if (names == header_ || file.empty) {
            continue;
        }
        const bool loadable = !columns.empty() && std::all_of(columns.begin(), columns.end(), [&](const auto& c) {
            return std::find(names.begin(), names.end(), c) != names.end();
        });
        if (loadable) {
            // The loaded columns by name; the first file's other columns are not read from this one.
            for (const auto& name : header_) {
                const auto at = std::find(names.begin(), names.end(), name);
                const bool loaded = std::find(columns.begin(), columns.end(), name) != columns.end();
                file.remap.push_back(at == names.end() || !loaded ? kAbsent
                                                                  : static_cast<std::size_t>(at - names.begin()));
            }
            continue;
        }
        if (++mismatch_count <= kMismatchesNamed) {
            mismatches.push_back(fmt::format("{} has ({})", file.spec.path.string(), printable_names(names)));
        }
    }
    if (mismatch_count > 0) {
        std::string more = mismatch_count > kMismatchesNamed
                               ? fmt::format(" and {} more files differ", mismatch_count - kMismatchesNamed)
                               : "";
        throw Error(ErrorKind::Data,
                    fmt::format("the files' columns differ, so nothing was loaded: {} has ({}) but {}{}. Load "
                                "the columns they share with --columns, or import them separately",
                                files_.front().spec.path.string(), printable_names(header_),
                                fmt::join(mismatches, "; "), more));
    }
    if (progress_) {
        progress_->files_total = files_.size();
        progress_->files_done = 0;
    }
    open(0);
}

FileChainReader::~FileChainReader() = default;

void FileChainReader::open(std::size_t index) {
    current_ = index;
    if (progress_) {
        progress_->current_file.set(files_[index].spec.path);
    }
    reader_.reset();
    stream_.reset();
    try {
        stream_ = open_text_input(files_[index].spec);
        reader_ = std::make_unique<formats::CsvReader>(*stream_, files_[index].spec.dialect);
    } catch (const Error& error) {
        rethrow_with_file(error);
    }
    if (bad_record_handler_) {
        reader_->set_bad_record_handler(bad_record_handler_);
    }
    awaiting_header_ = files_[index].spec.dialect.header;
    file_header_ = {};
}

void FileChainReader::set_bad_record_handler(formats::CsvReader::BadRecordHandler handler) {
    bad_record_handler_ = std::move(handler);
    reader_->set_bad_record_handler(bad_record_handler_);
}

bool FileChainReader::next() {
    while (true) {
        bool have = false;
        try {
            have = reader_->next();
        } catch (const Error& error) {
            rethrow_with_file(error);
        }
        if (have) {
            const auto fields = reader_->fields();
            if (awaiting_header_) {
                awaiting_header_ = false;
                file_header_.set(fields);
                if (current_ == 0) {
                    return true; // the first file's header is the caller's first record
                }
                continue; // a later file's header was checked in the constructor
            }
            if (!files_[current_].spec.dialect.keep_repeated_headers && file_header_.matches(fields)) {
                repeated_headers_.add(location());
                continue;
            }
            return true;
        }
        if (finished_) {
            return false;
        }
        bytes_done_ += reader_->raw_bytes_read();
        if (progress_) {
            progress_->files_done = current_ + 1;
        }
        if (current_ + 1 == files_.size()) {
            finished_ = true; // the last file's bytes are in bytes_done_ now
            return false;
        }
        open(current_ + 1);
    }
}

std::span<const formats::Field> FileChainReader::fields() const {
    const auto& remap = files_[current_].remap;
    if (remap.empty()) {
        return reader_->fields();
    }
    const auto source = reader_->fields();
    remapped_.assign(remap.size(), formats::Field{});
    for (std::size_t i = 0; i < remap.size(); ++i) {
        if (remap[i] != kAbsent && remap[i] < source.size()) {
            remapped_[i] = source[remap[i]];
        }
    }
    return remapped_;
}

std::vector<formats::ValueFormat> FileChainReader::value_formats() const {
    const auto& file = files_[current_];
    if (file.remap.empty()) {
        return file.spec.value_formats;
    }
    std::vector<formats::ValueFormat> out(file.remap.size(), formats::ValueFormat::AsIs);
    for (std::size_t i = 0; i < file.remap.size(); ++i) {
        if (file.remap[i] != kAbsent && file.remap[i] < file.spec.value_formats.size()) {
            out[i] = file.spec.value_formats[file.remap[i]];
        }
    }
    return out;
}

std::uint64_t FileChainReader::line() const {
    return reader_->line();
}

std::string FileChainReader::location() const {
    if (!several_) {
        return fmt::format("line {}", line());
    }
    return fmt::format("{} line {}", path().string(), line());
}

std::uint64_t FileChainReader::raw_bytes_read() const {
    return bytes_done_ + (reader_ && !finished_ ? reader_->raw_bytes_read() : 0);
}

void FileChainReader::expect_field_count(std::size_t expected) const {
    const auto& file = files_[current_];
    try {
        reader_->expect_field_count(file.remap.empty() && file.width == header_.size() ? expected : file.width);
    } catch (const Error& error) {
        rethrow_with_file(error);
    }
}

void FileChainReader::rethrow_with_file(const Error& error) const {
    if (!several_) {
        throw error; // one file: messages stay as they always were
    }
    auto context = error.context();
    const std::string file = files_[current_].spec.path.string();
    context.file = file;
    const std::string message = error.what();
    if (message.find(file) != std::string::npos) {
        throw Error(error.kind(), message, std::move(context));
    }
    throw Error(error.kind(), (message.starts_with("line ") ? file + " " : file + ": ") + message,
                std::move(context));
}

} // namespace ferry::pipeline
