#include "pipeline/encoded_rows.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

EncodedRows::EncodedRows(std::vector<FileSpec> files, const std::vector<std::string>& columns, Progress* progress)
    : reader_(std::move(files), columns, progress) {
    // The first record is either the header or the first data row (which then stays pending). The reader
    // has checked every file's header already (an empty file with a header is an error there).
    const bool have_first = reader_.next();
    file_columns_ = reader_.header();
    pending_row_ = have_first && !reader_.dialect().header;
    if (have_first && reader_.dialect().header) {
        header_record_ = RejectsFile::record_text(reader_.fields(), reader_.dialect());
        header_line_ = reader_.line();
    }
}

void EncodedRows::set_columns(std::vector<std::size_t> file_indexes, std::vector<clickhouse::ColumnInfo> target,
                              clickhouse::InsertEncoder& encoder) {
    file_indexes_ = std::move(file_indexes);
    target_ = std::move(target);
    encoder_ = &encoder;
    normalizers_file_ = static_cast<std::size_t>(-1);
}

void EncodedRows::update_normalizers() {
    if (normalizers_file_ == reader_.file_index()) {
        return;
    }
    normalizers_file_ = reader_.file_index();
    normalizers_.clear();
    const auto formats = reader_.value_formats();
    for (std::size_t i = 0; i < file_indexes_.size(); ++i) {
        normalizers_.push_back(formats::normalizer_for(formats, file_indexes_[i], target_[i].type));
    }
}

void EncodedRows::set_bad_rows(BadRows mode, RejectsFile* rejects, std::uint64_t max_errors) {
    bad_rows_ = mode;
    rejects_ = rejects;
    max_errors_ = max_errors;
    if (rejects_ && !header_record_.empty()) {
        rejects_->set_header(header_record_, header_line_);
    }
}

bool EncodedRows::read_next(std::string& out) {
    try {
        return reader_.next();
    } catch (const Error& error) {
        if (bad_rows_ == BadRows::Fail || error.kind() != ErrorKind::Data) {
            throw;
        }
        // Today's reader cannot resume after broken quoting: the rest of this file is not read, and the
        // reason says so. (The resynchronising reader of issue 17a replaces this.)
        std::string reason = without_location(error.what());
        reason += "; the rest of the file after it could not be read";
        reject_record(reason, {}, out, out.size(), error.context());
        reader_.skip_rest_of_file();
        return read_next(out);
    }
}

std::string EncodedRows::without_location(std::string_view message) const {
    // The reader's errors name the line already ("line 3: ..."); the encoder's name only the column and value.
    const auto prefix = reader_.location() + ": ";
    if (message.starts_with(prefix)) {
        message.remove_prefix(prefix.size());
    } else if (message.starts_with("line ")) {
        const auto colon = message.find(": ");
        if (colon != std::string_view::npos) {
            message.remove_prefix(colon + 2);
        }
    }
    return std::string(message);
}

std::optional<std::string> EncodedRows::table_break_reason(std::size_t width) {
    const auto fields = reader_.fields();
    const bool blank = fields.size() == 1 && fields[0].is_null();
    if (second_table_line_ != 0) {
        return fmt::format("after the first table (a blank line at line {}, then another header at line {}): "
                           "only the first table is loaded",
                           blank_line_, second_table_line_);
    }
    if (blank && width > 1) {
        blank_line_ = reader_.line();
        after_blank_ = true;
        return fmt::format("blank line (expected {} fields, found 1)", width);
    }
    if (after_blank_) {
        after_blank_ = false;
        // A blank line, then a record naming the first table's columns or of another width: a second table.
        bool header_again = reader_.dialect().header && fields.size() == file_columns_.size();
        for (std::size_t i = 0; header_again && i < fields.size(); ++i) {
            header_again = fields[i].value == file_columns_[i];
        }
        if (header_again || fields.size() != width) {
            second_table_line_ = reader_.line();
            return table_break_reason(width);
        }
    }
    return std::nullopt;
}

void EncodedRows::reject(const Error& error, std::string& out, std::size_t row_start) {
    reject_record(without_location(error.what()), RejectsFile::record_text(reader_.fields(), reader_.dialect()), out,
                  row_start, error.context(), error.kind());
}

void EncodedRows::reject_record(std::string_view reason, std::string_view record, std::string& out,
                                std::size_t row_start, const ErrorContext& error_context, ErrorKind kind) {
    const auto prefix = reader_.location() + ": ";
    if (bad_rows_ == BadRows::Fail || kind != ErrorKind::Data) {
        auto context = error_context;
        context.line = reader_.line();
        if (reader_.file_count() > 1) {
            context.file = reader_.path().string();
        }
        throw Error(kind, prefix + std::string(reason), context);
    }
    out.resize(row_start);
    ++rejected_;
    if (bad_rows_ == BadRows::Skip) {
        return;
    }
    rejects_->add(reader_.line(), reason, record, reader_.file_count() > 1 ? reader_.path().string() : std::string());
    if (max_errors_ && rejects_->count() > max_errors_) {
        rejects_->commit();
        throw Error(ErrorKind::Data,
                    fmt::format("more than {} rows rejected (the last: {}: {}); nothing was loaded; "
                                "rejected rows are in {}",
                                max_errors_, reader_.location(), reason, rejects_->path().string()),
                    error_context);
    }
}

std::uint64_t EncodedRows::fill(std::string& out, std::size_t max_bytes, std::uint64_t max_rows) {
    const std::size_t width = file_columns_.size();
    std::uint64_t added = 0;
    while (out.size() < max_bytes && (max_rows == 0 || added < max_rows)) {
        if (!pending_row_ && !read_next(out)) {
            end_of_file_ = true;
            break;
        }
        pending_row_ = false;
        const std::size_t row_start = out.size();
        if (auto reason = table_break_reason(width)) {
            ErrorContext context;
            context.line = reader_.line();
            reject_record(*reason, RejectsFile::record_text(reader_.fields(), reader_.dialect()), out, row_start,
                          context);
            continue;
        }
        try {
            reader_.expect_field_count(width);
            update_normalizers();
            const auto fields = reader_.fields();
            for (std::size_t i = 0; i < file_indexes_.size(); ++i) {
                const auto& field = fields[file_indexes_[i]];
                encoder_->value(i, normalizers_[i].apply(field.value, normalized_), field.is_null(), out);
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
