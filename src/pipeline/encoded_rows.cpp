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
    if (mode != BadRows::Fail) {
        // The reader steps over malformed records itself (docs/dirty-rows.md) and hands them here.
        reader_.set_bad_record_handler([this](const formats::BadRecord& bad, const std::filesystem::path& path) {
            if (bad_rows_ == BadRows::Skip) {
                return;
            }
            const formats::Field raw{bad.raw, false};
            rejects_->add(bad.line, bad.reason, std::span<const formats::Field>(&raw, 1),
                          reader_.file_count() > 1 ? path.string() : std::string());
            if (max_errors_ && rejects_->count() > max_errors_) {
                rejects_->commit();
                throw Error(ErrorKind::Data, fmt::format("more than {} rows rejected (the last: line {}: {}); nothing "
                                                         "was loaded; rejected rows are in {}",
                                                         max_errors_, bad.line, bad.reason, rejects_->path().string()));
            }
        });
    }
}

void EncodedRows::reject(const Error& error, std::string& out, std::size_t row_start) {
    // The reader's errors name the line already; the encoder's name only the column and value.
    const auto prefix = reader_.location() + ": ";
    std::string_view reason = error.what();
    if (reason.starts_with(prefix)) {
        reason.remove_prefix(prefix.size());
    }
    if (bad_rows_ == BadRows::Fail || error.kind() != ErrorKind::Data) {
        auto context = error.context();
        context.line = reader_.line();
        if (reader_.file_count() > 1) {
            context.file = reader_.path().string();
        }
        throw Error(error.kind(), prefix + std::string(reason), context);
    }
    out.resize(row_start);
    if (bad_rows_ == BadRows::Skip) {
        return;
    }
    rejects_->add(reader_.line(), reason, reader_.fields(),
                  reader_.file_count() > 1 ? reader_.path().string() : std::string());
    if (max_errors_ && rejects_->count() > max_errors_) {
        rejects_->commit();
        throw Error(ErrorKind::Data,
                    fmt::format("more than {} rows rejected (the last: {}: {}); nothing was loaded; "
                                "rejected rows are in {}",
                                max_errors_, reader_.location(), reason, rejects_->path().string()),
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
