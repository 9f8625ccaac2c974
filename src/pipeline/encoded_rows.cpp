#include "pipeline/encoded_rows.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

namespace {

std::vector<std::string> positional_names(std::size_t width) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i <= width; ++i) {
        names.push_back(fmt::format("c{}", i));
    }
    return names;
}

} // namespace

EncodedRows::EncodedRows(const FileSpec& file)
    : file_(file), input_(io::open_input_file(file.path)), reader_(*input_, file.dialect) {
    // The first record is either the header or the first data row (which then stays pending).
    const bool have_first = reader_.next();
    if (!have_first && file_.dialect.header) {
        throw Error(ErrorKind::Data,
                    fmt::format("{} is empty: expected a header line", file_.path.filename().string()));
    }
    if (file_.dialect.header) {
        file_columns_ = formats::header_names(reader_);
    } else {
        file_columns_ = positional_names(have_first ? reader_.fields().size() : 0);
        pending_row_ = have_first;
    }
}

void EncodedRows::set_columns(std::vector<std::size_t> file_indexes, clickhouse::InsertEncoder& encoder) {
    file_indexes_ = std::move(file_indexes);
    encoder_ = &encoder;
}

void EncodedRows::set_bad_rows(BadRows mode, RejectsFile* rejects, std::uint64_t max_errors) {
    bad_rows_ = mode;
    rejects_ = rejects;
    max_errors_ = max_errors;
}

void EncodedRows::reject(const Error& error, std::string& out, std::size_t row_start) {
    // The reader's errors name the line already; the encoder's name only the column and value.
    const auto prefix = fmt::format("line {}: ", reader_.line());
    std::string_view reason = error.what();
    if (reason.starts_with(prefix)) {
        reason.remove_prefix(prefix.size());
    }
    if (bad_rows_ == BadRows::Fail || error.kind() != ErrorKind::Data) {
        auto context = error.context();
        context.line = reader_.line();
        throw Error(error.kind(), prefix + std::string(reason), context);
    }
    out.resize(row_start);
    if (bad_rows_ == BadRows::Skip) {
        return;
    }
    rejects_->add(reader_.line(), reason, reader_.fields());
    if (max_errors_ && rejects_->count() > max_errors_) {
        rejects_->commit();
        throw Error(ErrorKind::Data,
                    fmt::format("more than {} rows rejected (the last: line {}: {}); nothing was loaded; "
                                "rejected rows are in {}",
                                max_errors_, reader_.line(), reason, rejects_->path().string()),
                    error.context());
    }
}

std::uint64_t EncodedRows::fill(std::string& out, std::size_t max_bytes, std::uint64_t max_rows) {
    const std::size_t width = file_columns_.size();
    std::uint64_t added = 0;
    while (out.size() < max_bytes && (max_rows == 0 || added < max_rows)) {
        if (!pending_row_ && !reader_.next()) {
            end_of_file_ = true;
            break;
        }
        pending_row_ = false;
        const std::size_t row_start = out.size();
        try {
            reader_.expect_field_count(width);
            const auto fields = reader_.fields();
            for (std::size_t i = 0; i < file_indexes_.size(); ++i) {
                const auto& field = fields[file_indexes_[i]];
                encoder_->value(i, field.value, field.is_null(), out);
            }
        } catch (const Error& error) {
            reject(error, out, row_start);
            continue;
        }
        encoder_->end_row(out);
        ++added;
        ++rows_;
    }
    return added;
}

} // namespace ferry::pipeline
