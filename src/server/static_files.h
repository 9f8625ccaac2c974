#pragma once
/// The built web UI: index.html, /assets/..., and index.html again for any other path so that the
/// single-page app's own routes survive a reload.

#include <filesystem>
#include <string_view>

#include "server/http_message.h"

namespace ferry::server {

/// "text/html; charset=utf-8" etc. by extension; application/octet-stream when unknown.
std::string_view content_type_for(const std::filesystem::path& path);

class StaticFiles {
public:
    /// An empty `web_dir` serves nothing (API only).
    explicit StaticFiles(const std::filesystem::path& web_dir);

    /// The response for a GET of `path` (still percent-encoded).
    Response serve(std::string_view path) const;

private:
    Response file(const std::filesystem::path& path, bool immutable) const;

    std::filesystem::path root_;
};

} // namespace ferry::server
