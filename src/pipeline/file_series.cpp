#include "pipeline/file_series.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/error.h"
#include "formats/tsv.h"

namespace ferry::pipeline {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLabelBytes = 64;

bool is_codec_suffix(std::string_view extension) {
    std::string lower(extension);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower == ".gz" || lower == ".zst";
}

/// FNV-1a, enough to tell apart two values whose sanitised labels clash (not a security measure).
std::string short_hash(std::string_view value) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : value) {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    return fmt::format("{:08x}", static_cast<std::uint32_t>(hash ^ (hash >> 32)));
}

/// The file names a previous manifest at `path` listed (plain names in its directory only).
std::vector<std::string> files_of_manifest(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return {};
    }
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> names;
    boost::system::error_code error;
    const auto value = json::parse(text.str(), error);
    if (error || !value.is_object() || !value.as_object().contains("files") ||
        !value.at("files").is_array()) {
        return {};
    }
    for (const auto& file : value.at("files").as_array()) {
        if (!file.is_object() || !file.as_object().contains("path") || !file.at("path").is_string()) {
            continue;
        }
        const std::string name(file.at("path").as_string());
        // Only a bare file name beside the manifest: a doctored manifest cannot make us delete elsewhere.
        if (!name.empty() && name.find('/') == std::string::npos && name != "." && name != "..") {
            names.push_back(name);
        }
    }
    return names;
}

} // namespace

std::pair<std::string, std::string> split_extension(const std::string& file_name) {
    std::string stem = file_name;
    std::string extension;
    for (int part = 0; part < 2; ++part) {
        const auto dot = stem.rfind('.');
        if (dot == std::string::npos || dot == 0) {
            break;
        }
        const std::string suffix = stem.substr(dot);
        extension = suffix + extension;
        stem.resize(dot);
        if (!is_codec_suffix(suffix)) {
            break;
        }
    }
    return {stem, extension};
}

std::string sanitize_partition_label(std::string_view value) {
    if (value == "\\N") {
        return "null";
    }
    if (value.empty()) {
        return "empty";
    }
    std::string label;
    for (const unsigned char c : value.substr(0, kMaxLabelBytes)) {
        label += std::isalnum(c) || c == '.' || c == '_' || c == '-' ? static_cast<char>(c) : '_';
    }
    if (label.front() == '.' || label.front() == '-') {
        label.front() = '_';
    }
    return label;
}

std::filesystem::path manifest_path_for(const std::filesystem::path& target) {
    return target.parent_path() / (split_extension(target.filename().string()).first + ".manifest.json");
}

FileSeries::FileSeries(std::filesystem::path target, bool numbered)
    : target_(std::move(target)), numbered_(numbered) {
    std::tie(stem_, extension_) = split_extension(target_.filename().string());
    manifest_ = manifest_path_for(target_);
}

FileSeries::~FileSeries() = default; // pending AtomicFiles remove their temporary files

void FileSeries::assign_labels(const std::vector<std::string>& partition_values) {
    std::lock_guard lock(mutex_);
    partitioned_ = true;
    std::set<std::string> taken;
    for (const auto& value : partition_values) {
        std::string label = sanitize_partition_label(value);
        if (!taken.insert(label).second) {
            label += "-" + short_hash(value);
            taken.insert(label);
        }
        labels_[value] = label;
    }
}

const std::string& FileSeries::label_of(const std::string& partition_value) const {
    std::lock_guard lock(mutex_);
    return labels_.at(partition_value);
}

std::filesystem::path FileSeries::next_path(const std::string& partition_value) {
    std::lock_guard lock(mutex_);
    std::string name = stem_;
    if (partitioned_) {
        const auto label = labels_.find(partition_value);
        if (label == labels_.end()) {
            throw Error(ErrorKind::Internal, "partition value without a label: " + printable_value(partition_value));
        }
        name += "-" + label->second;
    }
    const std::size_t index = ++next_index_[partition_value];
    if (numbered_) {
        name += fmt::format("-{:05}", index);
    } else if (index > 1) {
        throw Error(ErrorKind::Internal, "a second file for an unnumbered series");
    }
    return target_.parent_path() / (name + extension_);
}

void FileSeries::add(std::unique_ptr<io::AtomicFile> sealed, SeriesFile info) {
    std::lock_guard lock(mutex_);
    bytes_ += info.bytes;
    pending_.push_back(std::move(sealed));
    files_.push_back(std::move(info));
}

std::uint64_t FileSeries::bytes_on_disk() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

std::vector<SeriesFile> FileSeries::files() const {
    std::lock_guard lock(mutex_);
    return files_;
}

void FileSeries::commit(const std::string& extra_json_members) {
    std::lock_guard lock(mutex_);
    if (committed_) {
        throw Error(ErrorKind::Internal, "FileSeries::commit() called twice");
    }
    const auto previous = files_of_manifest(manifest_);

    // Files in name order, so the manifest reads like `ls` whatever order parallel streams finished in.
    std::vector<std::size_t> order(files_.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return files_[a].path.filename() < files_[b].path.filename();
    });

    std::size_t renamed = 0;
    try {
        for (; renamed < pending_.size(); ++renamed) {
            pending_[renamed]->commit();
        }
        json::array listed;
        std::uint64_t rows = 0;
        std::uint64_t bytes = 0;
        for (const std::size_t i : order) {
            const auto& file = files_[i];
            json::object entry{{"path", file.path.filename().string()},
                               {"rows", file.rows},
                               {"bytes", file.bytes},
                               {"sha256", file.sha256}};
            if (partitioned_) {
                // The value itself (TSV escapes undone); NULL as JSON null.
                if (file.partition == "\\N") {
                    entry["partition"] = nullptr;
                } else {
                    std::string value;
                    formats::unescape_tsv(file.partition, value);
                    entry["partition"] = value;
                }
            }
            listed.push_back(std::move(entry));
            rows += file.rows;
            bytes += file.bytes;
        }
        std::string text = json::serialize(json::object{{"files", std::move(listed)},
                                                         {"file_count", files_.size()},
                                                         {"rows", rows},
                                                         {"bytes", bytes}});
        if (!extra_json_members.empty()) {
            text.pop_back(); // '}'
            text += "," + extra_json_members + "}";
        }
        io::AtomicFile manifest(manifest_);
        manifest.stream().write(text);
        manifest.stream().write("\n");
        manifest.commit();
    } catch (...) {
        // Best effort: take back the files already renamed, so a failed commit leaves no partial series.
        for (std::size_t i = 0; i < renamed; ++i) {
            std::error_code ignored;
            std::filesystem::remove(files_[i].path, ignored);
        }
        throw;
    }
    committed_ = true;

    std::set<std::string> current;
    for (const auto& file : files_) {
        current.insert(file.path.filename().string());
    }
    for (const auto& name : previous) {
        if (!current.contains(name)) {
            std::error_code ignored;
            std::filesystem::remove(target_.parent_path() / name, ignored);
        }
    }
}

} // namespace ferry::pipeline
