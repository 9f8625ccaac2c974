#include "server/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "server/data_dir.h"
#include "server/url.h"

namespace ferry::server {

namespace fs = std::filesystem;

std::string_view content_type_for(const fs::path& path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".tsv", "text/tab-separated-values; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".webmanifest", "application/manifest+json"},
    }};
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const auto& [ext, type] : kTypes) {
        if (ext == extension) {
            return type;
        }
    }
    return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& web_dir) {
    std::error_code ec;
    if (!web_dir.empty() && fs::is_directory(web_dir, ec)) {
        root_ = fs::canonical(web_dir, ec);
    }
}

Response StaticFiles::file(const fs::path& path, bool immutable) const {
    Response response;
    response.content_type = std::string(content_type_for(path));
    response.file = path;
    // Vite puts a content hash in asset names, so they never change; index.html must always be fresh.
    response.headers.emplace_back("Cache-Control",
                                  immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return response;
}

Response StaticFiles::serve(std::string_view path) const {
    std::error_code ec;
    const fs::path index = root_ / "index.html";
    if (root_.empty() || !fs::is_regular_file(index, ec)) {
        return Response::error(404, ErrorKind::File,
                               "this server has no web UI (no web directory); it serves /api only");
    }
    const std::string decoded = percent_decode(path);
    const std::string_view relative = std::string_view(decoded).substr(
        decoded.find_first_not_of('/') == std::string::npos ? decoded.size()
                                                            : decoded.find_first_not_of('/'));
    if (relative.empty() || relative == "index.html") {
        auto response = file(index, false);
        response.headers.emplace_back("X-Frame-Options", "DENY");
        return response;
    }
    const fs::path resolved = resolve_within(root_, relative);
    if (fs::is_regular_file(resolved, ec)) {
        return file(resolved, relative.starts_with("assets/"));
    }
    if (relative.starts_with("assets/")) {
        // A missing script must not come back as HTML: the browser would report a confusing MIME error.
        return Response::error(404, ErrorKind::File, "no such asset: /" + std::string(relative));
    }
    auto response = file(index, false);
    response.headers.emplace_back("X-Frame-Options", "DENY");
    return response;
}

} // namespace ferry::server
