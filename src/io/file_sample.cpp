#include "io/file_sample.h"

#include <fcntl.h>
#include <cerrno>
#include <unistd.h>

#include "io/compression.h"
#include "io/io_error.h"
#include "io/read_stream.h"

namespace ferry::io {

namespace {

/// Reads the whole of [offset, offset + size) or up to the end of the file.
std::string read_at(int fd, std::uint64_t offset, std::size_t size) {
    std::string out(size, '\0');
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, out.data() + done, size - done, static_cast<off_t>(offset + done));
        if (n <= 0) {
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

} // namespace

FileSample read_file_sample(const std::filesystem::path& path, std::size_t start_bytes, std::size_t block_count,
                            std::size_t block_bytes) {
    FileSample sample;
    auto input = open_input_file(path);
    sample.start.resize(start_bytes);
    std::size_t size = 0;
    while (size < start_bytes) {
        const std::size_t n = input->read(sample.start.data() + size, start_bytes - size);
        if (n == 0) {
            sample.whole_file = true;
            break;
        }
        size += n;
    }
    sample.start.resize(size);
    const std::uint64_t total = input->total_bytes();
    if (sample.whole_file || compression_for(path) != Compression::None || total <= start_bytes) {
        return sample;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw_file_error("open", path, errno);
    }
    const std::uint64_t span = total - start_bytes;
    for (std::size_t i = 1; i <= block_count; ++i) {
        // Offsets start + span*i/(n+1): spread through the rest, the last one short of the end.
        const std::uint64_t offset = start_bytes + span * i / (block_count + 1);
        auto block = read_at(fd, offset, block_bytes);
        if (!block.empty()) {
            sample.blocks.push_back(std::move(block));
        }
    }
    ::close(fd);
    return sample;
}

} // namespace ferry::io
