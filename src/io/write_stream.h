#pragma once
/// Byte sinks, the mirror of ReadStream.

#include <filesystem>
#include <memory>
#include <string_view>

namespace ferry::io {

class WriteStream {
public:
    virtual ~WriteStream() = default;
    /// Throws ferry::Error(File) on failure (disk full names the path).
    virtual void write(std::string_view bytes) = 0;
    /// Flushes everything buffered (compressor trailers included) to the layer below.
    virtual void finish() = 0;
};

/// Writes a file atomically: bytes go to a temporary file beside the target (same directory, so the
/// rename cannot cross filesystems); `commit()` finishes, fsyncs and renames it over the target. If the
/// object is destroyed without `commit()` (error, cancel) the temporary file is removed and any previous
/// file at the target is left untouched. `.gz`/`.zst` targets are compressed transparently.
class AtomicFile {
public:
    explicit AtomicFile(const std::filesystem::path& target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// The stream to write the (uncompressed) content to.
    WriteStream& stream();
    /// Bytes written to disk so far (after compression).
    std::uint64_t bytes_on_disk() const;
    /// Finishes, fsyncs and closes the temporary file but leaves it under its temporary name, so a
    /// series of files can all be written before any of them appears (commit() then only renames).
    /// Nothing more can be written after it.
    void seal();
    bool sealed() const { return sealed_; }
    /// seal() if not done yet, then renames the temporary file over the target.
    void commit();
    const std::filesystem::path& temp_path() const { return temp_path_; }

private:
    struct Impl;
    std::filesystem::path target_;
    std::filesystem::path temp_path_;
    std::unique_ptr<Impl> impl_;
    bool sealed_ = false;
    bool committed_ = false;
};

} // namespace ferry::io
