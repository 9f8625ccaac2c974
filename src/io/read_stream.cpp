#include "io/read_stream.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "io/compression.h"
#include "io/file_read_stream.h"
#include "io/gzip_stream.h"
#include "io/zstd_stream.h"

namespace ferry::io {

Compression compression_for(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".gz") {
        return Compression::Gzip;
    }
    if (ext == ".zst") {
        return Compression::Zstd;
    }
    return Compression::None;
}

std::unique_ptr<ReadStream> open_input_file(const std::filesystem::path& path) {
    auto file = std::make_unique<FileReadStream>(path);
    switch (compression_for(path)) {
    case Compression::Gzip:
        return std::make_unique<GzipReadStream>(std::move(file), path);
    case Compression::Zstd:
        return std::make_unique<ZstdReadStream>(std::move(file), path);
    case Compression::None:
    case Compression::Lz4:
        break;
    }
    return file;
}

} // namespace ferry::io
