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
    // Rejecting or skipping: the reader steps over malformed records (and records of another width) and
    // hands them here, so one bad record costs one record (docs/dirty-rows.md).
    if (mode == BadRows::Fail) {
        reader_.set_bad_record_handler({});
    } else {
        reader_.set_bad_record_handler([this](const formats::BadRecord& record) { on_bad_record(record); });
    }
}

void EncodedRows::on_bad_record(const formats::BadRecord& record) {
    if (after_blank_ && record.reason.starts_with("expected ")) {
        // A blank line, then a record of another width: a second table starts here.
        second_table_line_ = record.line;
    }
    after_blank_ = false;
    ErrorContext context;
    context.line = record.line;
    add_reject(record.line, second_table_line_ != 0 ? second_table_reason() : std::string(record.reason), record.raw,
               context);
}

std::string EncodedRows::without_location(std::string_view message) const {
    // The reader's errors name the line already ("line 3: ..."); the encoder's name only the column and value.
    const auto prefix = reader_.location() + ": ";
    if (message.starts_with(prefix)) {
        message.remove_prefix(prefix.size());
    }
    return std::string(message);
}

std::string EncodedRows::second_table_reason() const {
    return fmt::format("after the first table (a blank line at line {}, then another table from line {}): only "
                       "the first table is loaded",
                       blank_line_, second_table_line_);
}

std::optional<std::string> EncodedRows::table_break_reason(std::size_t width) {
    const auto fields = reader_.fields();
    const bool blank = fields.size() == 1 && fields[0].is_null() && reader_.raw_record().empty();
    if (second_table_line_ != 0) {
        return second_table_reason();
    }
    if (blank && width > 1) {
        blank_line_ = reader_.line();
        after_blank_ = true;
        return fmt::format("blank line (expected {} fields, found 1)", width);
    }
    if (after_blank_) {
        after_blank_ = false;
        // A blank line, then a record naming the first table's columns (or of another width, when reading
        // strictly): a second table.
        bool header_again = reader_.dialect().header && fields.size() == file_columns_.size();
        for (std::size_t i = 0; header_again && i < fields.size(); ++i) {
            header_again = fields[i].value == file_columns_[i];
        }
        if (header_again || (bad_rows_ != BadRows::Fail && fields.size() != width)) {
            second_table_line_ = reader_.line();
            return second_table_reason();
        }
    }
    return std::nullopt;
}

std::string EncodedRows::current_record() const {
    const auto raw = reader_.raw_record();
    return raw.empty() ? RejectsFile::record_text(reader_.fields(), reader_.dialect()) : std::string(raw);
}

void EncodedRows::reject(const Error& error, std::string& out, std::size_t row_start) {
    reject_current(without_location(error.what()), out, row_start, error.context(), error.kind());
}

void EncodedRows::reject_current(std::string_view reason, std::string& out, std::size_t row_start,
                                 const ErrorContext& error_context, ErrorKind kind) {
    if (bad_rows_ == BadRows::Fail || kind != ErrorKind::Data) {
        auto context = error_context;
        context.line = reader_.line();
        if (reader_.file_count() > 1) {
            context.file = reader_.path().string();
        }
        throw Error(kind, reader_.location() + ": " + std::string(reason), context);
    }
    out.resize(row_start);
    encoder_->cancel_row();
    add_reject(reader_.line(), reason, current_record(), error_context);
}

void EncodedRows::add_reject(std::uint64_t line, std::string_view reason, std::string_view record,
                             const ErrorContext& context) {
    ++rejected_;
    if (bad_rows_ == BadRows::Skip) {
        return;
    }
    rejects_->add(line, reason, record, reader_.file_count() > 1 ? reader_.path().string() : std::string());
    if (max_errors_ && rejects_->count() > max_errors_) {
        rejects_->commit();
        const auto where = reader_.file_count() > 1 ? fmt::format("{} line {}", reader_.path().string(), line)
                                                    : fmt::format("line {}", line);
        throw Error(ErrorKind::Data,
                    fmt::format("more than {} rows rejected (the last: {}: {}); nothing was loaded; "
                                "rejected rows are in {}",
                                max_errors_, where, reason, rejects_->path().string()),
                    context);
    }
}

std::uint64_t EncodedRows::fill(std::string& out, std::size_t max_bytes, std::uint64_t max_rows) {
    const std::size_t width = file_columns_.size();
    std::uint64_t added = 0;
    // A columnar encoder holds the batch's rows until end_block(): they count towards max_bytes all the same.
    while (out.size() + encoder_->pending_bytes() < max_bytes && (max_rows == 0 || added < max_rows)) {
        if (!pending_row_ && !reader_.next()) {
            end_of_file_ = true;
            break;
        }
        pending_row_ = false;
        const std::size_t row_start = out.size();
        if (auto reason = table_break_reason(width)) {
            ErrorContext context;
            context.line = reader_.line();
            reject_current(*reason, out, row_start, context);
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
    encoder_->end_block(out); // every batch is whole blocks, so any batch may end an INSERT
    return added;
}

} // namespace ferry::pipeline
