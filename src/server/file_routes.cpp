#include <fmt/format.h>

#include <fstream>
#include <random>

#include "pipeline/preview.h"
#include "server/data_dir.h"
#include "server/json_requests.h"
#include "server/json_responses.h"
#include "server/router.h"
#include "server/routes.h"
#include "server/static_files.h"
#include "server/url.h"

namespace ferry::server {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUploadPrefix = ".ferry-upload-";

std::string temporary_name() {
    static std::mutex mutex;
    static std::mt19937_64 random{std::random_device{}()};
    std::lock_guard lock(mutex);
    return fmt::format("{}{:016x}.tmp", kUploadPrefix, random());
}

/// `attachment; filename="a.csv"; filename*=UTF-8''a.csv`, with the plain form limited to safe ASCII.
std::string attachment(const std::string& name) {
    std::string plain;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        plain += (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') ? '_' : c;
    }
    return "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + percent_encode(name);
}

FileEntry entry_for(const fs::path& path) {
    FileEntry entry;
    entry.name = path.filename().string();
    entry.size = fs::file_size(path);
    entry.modified = fs::last_write_time(path);
    return entry;
}

} // namespace

void add_file_routes(Router& router, RouteContext context) {
    router.add("POST", "/api/file/schema", [context](Request& request) {
        const auto parsed = parse_file_schema_request(request.body);
        const auto spec = to_file_spec(parsed.file, context.data_dir(request), true);
        return Response::json(200, schema_json(pipeline::sample_file_schema(spec)));
    });

    router.add("GET", "/api/files",
               [context](Request& request) {
                   return Response::json(200, files_json(context.data_dir(request).list()));
               });

    // The body is streamed to a hidden temporary file beside the target, renamed over it once complete,
    // so a broken upload never leaves a half file under the real name.
    router.add_upload(
        "POST", "/api/files",
        [context](Request& request) {
            const auto name = request.query_param("name");
            if (!name || name->empty()) {
                throw HttpError(400, ErrorKind::Usage,
                                "upload needs the file name: POST /api/files?name=NAME");
            }
            const auto limit = context.limits.max_upload_size;
            if (limit != 0 && request.content_length && *request.content_length > limit) {
                throw upload_too_large(limit);
            }
            const auto target = context.data_dir(request).resolve(*name);
            std::error_code ec;
            if (fs::is_directory(target, ec)) {
                throw HttpError(409, ErrorKind::File, "'" + *name + "' is a directory");
            }
            if (!fs::is_directory(target.parent_path(), ec)) {
                throw HttpError(404, ErrorKind::File,
                                "no directory for '" + *name + "' in the data directory");
            }
            // Checked before the body is read, so that a refused upload costs nothing. A file that
            // appears meanwhile is still replaced: the user asked for this name moments ago.
            if (fs::exists(target, ec) && request.query_param("replace").value_or("") != "1") {
                throw HttpError(409, ErrorKind::Conflict,
                                "'" + *name + "' already exists in the data directory; upload it under "
                                "another name, or replace it (?replace=1)");
            }
            request.params["target"] = target.string();
            request.upload_file = target.parent_path() / temporary_name();
        },
        [](Request& request) {
            const fs::path target = request.params.at("target");
            if (!fs::exists(request.upload_file)) {
                std::ofstream(request.upload_file, std::ios::binary); // an empty body: no bytes were written
            }
            std::error_code ec;
            fs::rename(request.upload_file, target, ec);
            if (ec) {
                throw Error(ErrorKind::File, "cannot store the upload as '" + target.filename().string() +
                                                 "': " + ec.message());
            }
            return Response::json(201, file_json(entry_for(target)));
        });

    router.add("GET", "/api/files/{name*}", [context](Request& request) {
        const auto path = context.data_dir(request).resolve_existing(request.params.at("name"));
        Response response;
        response.content_type = std::string(content_type_for(path));
        response.file = path;
        response.headers.emplace_back("Content-Disposition", attachment(path.filename().string()));
        return response;
    });
}

} // namespace ferry::server
