#include "pipeline/file_set.h"

#include <glob.h>

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool ends_with_any(const std::string& name, std::initializer_list<const char*> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](const char* suffix) { return name.ends_with(suffix); });
}

std::vector<fs::path> expand_glob(const std::string& pattern) {
    glob_t matches{};
    // GLOB_ERR: an unreadable directory is an error, not silently fewer files.
    const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
    std::vector<fs::path> paths;
    if (rc == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
            const fs::path path = matches.gl_pathv[i];
            std::error_code error;
            if (fs::is_regular_file(path, error)) {
                paths.push_back(path);
            }
        }
    }
    ::globfree(&matches);
    if (rc == GLOB_ABORTED) {
        throw Error(ErrorKind::File, fmt::format("cannot read a directory while expanding '{}'",
                                                 printable_value(pattern, 300)));
    }
    if (paths.empty()) {
        throw Error(ErrorKind::File, fmt::format("no file matches '{}' (quote the pattern so that Ferry, not the "
                                                 "shell, expands it)",
                                                 printable_value(pattern, 300)));
    }
    return paths; // glob(3) sorts
}

std::vector<fs::path> expand_directory(const fs::path& dir) {
    std::vector<fs::path> paths;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.is_regular_file() && is_data_file_name(entry.path().filename().string())) {
            paths.push_back(entry.path());
        }
    }
    if (error) {
        throw Error(ErrorKind::File, fmt::format("cannot read directory {}: {}", dir.string(), error.message()));
    }
    if (paths.empty()) {
        throw Error(ErrorKind::File, fmt::format("directory {} holds no .csv, .tsv or .txt file (also .gz/.zst)",
                                                 dir.string()));
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

} // namespace

bool is_data_file_name(const std::string& name) {
    if (name.empty() || name.front() == '.') {
        return false;
    }
    std::string base = lower(name);
    for (const char* codec : {".gz", ".zst"}) {
        if (base.ends_with(codec)) {
            base.resize(base.size() - std::string_view(codec).size());
            break;
        }
    }
    return ends_with_any(base, {".csv", ".tsv", ".txt"});
}

bool is_glob(const std::string& argument) {
    return argument.find_first_of("*?[") != std::string::npos;
}

std::vector<fs::path> expand_file_arguments(const std::vector<std::string>& arguments) {
    std::vector<fs::path> files;
    std::set<fs::path> seen;
    for (const auto& argument : arguments) {
        std::vector<fs::path> expanded;
        std::error_code error;
        if (fs::is_directory(argument, error)) {
            expanded = expand_directory(argument);
        } else if (fs::exists(argument, error) || !is_glob(argument)) {
            // An existing name is taken as it is, even if it has glob characters in it; a missing one is
            // reported by the reader that opens it, with the usual message.
            expanded.push_back(argument);
        } else {
            expanded = expand_glob(argument);
        }
        for (auto& path : expanded) {
            const auto key = fs::weakly_canonical(path, error);
            if (seen.insert(error ? path : key).second) {
                files.push_back(std::move(path));
            }
        }
    }
    return files;
}

} // namespace ferry::pipeline
