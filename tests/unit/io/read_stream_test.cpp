#include "io/read_stream.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "common/error.h"
#include "io/gzip_stream.h"
#include "io/memory_stream.h"
#include "io/zstd_stream.h"

namespace ferry::io {
namespace {

namespace fs = std::filesystem;

class ReadStreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "ferry-read-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write_file(const std::string& name, const std::string& bytes) {
        const auto path = dir_ / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    fs::path dir_;
};

std::string read_all(ReadStream& stream, std::size_t block = 1 << 20) {
    std::string out;
    std::string buffer(block, '\0');
    while (const std::size_t n = stream.read(buffer.data(), buffer.size())) {
        out.append(buffer.data(), n);
    }
    return out;
}

/// Some text that compresses but is not trivially repetitive.
std::string sample_text(std::size_t size) {
    std::string text;
    std::uint32_t x = 12345;
    while (text.size() < size) {
        x = x * 1103515245 + 12345;
        text += std::to_string(x % 100000) + ",row," + std::to_string(text.size()) + "\n";
    }
    text.resize(size);
    return text;
}

std::string gzip_with_zlib(const fs::path& path, const std::string& content) {
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    gzclose(file);
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string zstd_frame(const std::string& content) {
    std::string out(ZSTD_compressBound(content.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), content.data(), content.size(), 3));
    return out;
}

TEST_F(ReadStreamTest, PlainFileReadsBytesAndReportsProgress) {
    const std::string content = sample_text(3 << 20);
    const auto path = write_file("data.csv", content);
    auto stream = open_input_file(path);
    EXPECT_EQ(stream->total_bytes(), content.size());
    EXPECT_EQ(stream->raw_bytes_read(), 0u);
    EXPECT_EQ(read_all(*stream), content);
    EXPECT_EQ(stream->raw_bytes_read(), content.size());
}

TEST_F(ReadStreamTest, MissingFileNamesThePath) {
    const auto path = dir_ / "missing.csv";
    try {
        open_input_file(path);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()), "cannot open " + path.string() + ": No such file or directory");
    }
}

TEST_F(ReadStreamTest, DirectoryIsRejected) {
    try {
        open_input_file(dir_);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()), "cannot open " + dir_.string() + ": Is a directory");
    }
}

TEST_F(ReadStreamTest, GzipFileWrittenByZlibIsDecompressed) {
    const std::string content = sample_text(5 << 20);
    const auto path = dir_ / "data.csv.gz";
    const std::string compressed = gzip_with_zlib(path, content);
    auto stream = open_input_file(path);
    EXPECT_EQ(stream->total_bytes(), compressed.size());
    EXPECT_EQ(read_all(*stream, 4096), content);
    // Progress counts compressed bytes, against the compressed file size.
    EXPECT_EQ(stream->raw_bytes_read(), compressed.size());
}

TEST_F(ReadStreamTest, ConcatenatedGzipMembersAreAllRead) {
    const std::string a = gzip_with_zlib(dir_ / "a.gz", "first,1\n");
    const std::string b = gzip_with_zlib(dir_ / "b.gz", sample_text(100000));
    const std::string c = gzip_with_zlib(dir_ / "c.gz", "last,3\n");
    const auto path = write_file("all.CSV.GZ", a + b + c);
    auto stream = open_input_file(path);
    EXPECT_EQ(read_all(*stream, 1000), "first,1\n" + sample_text(100000) + "last,3\n");
}

TEST_F(ReadStreamTest, TruncatedGzipIsAnError) {
    const std::string compressed = gzip_with_zlib(dir_ / "full.gz", sample_text(200000));
    const auto path = write_file("cut.csv.gz", compressed.substr(0, compressed.size() / 2));
    auto stream = open_input_file(path);
    try {
        read_all(*stream);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()),
                  "cannot read " + path.string() + ": unexpected end of gzip data (is the file truncated?)");
    }
}

TEST_F(ReadStreamTest, NotGzipDataIsAnError) {
    const auto path = write_file("fake.csv.gz", "a,b\n1,2\n");
    auto stream = open_input_file(path);
    try {
        read_all(*stream);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_NE(std::string(e.what()).find("cannot read " + path.string() + ": corrupt gzip data"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ReadStreamTest, ZstdFramesAreDecompressedAndConcatenated) {
    const std::string first = sample_text(3 << 20);
    const std::string second = "tail,row\n";
    const std::string compressed = zstd_frame(first) + zstd_frame(second);
    const auto path = write_file("data.csv.zst", compressed);
    auto stream = open_input_file(path);
    EXPECT_EQ(stream->total_bytes(), compressed.size());
    EXPECT_EQ(read_all(*stream, 777), first + second);
    EXPECT_EQ(stream->raw_bytes_read(), compressed.size());
}

TEST_F(ReadStreamTest, TruncatedZstdIsAnError) {
    const std::string compressed = zstd_frame(sample_text(300000));
    const auto path = write_file("cut.csv.zst", compressed.substr(0, compressed.size() - 10));
    auto stream = open_input_file(path);
    try {
        read_all(*stream);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()),
                  "cannot read " + path.string() + ": unexpected end of zstd data (is the file truncated?)");
    }
}

TEST_F(ReadStreamTest, CorruptZstdIsAnError) {
    const auto path = write_file("bad.csv.zst", std::string("\x28\xb5\x2f\xfd") + std::string(100, 'x'));
    auto stream = open_input_file(path);
    EXPECT_THROW(read_all(*stream), Error);
}

TEST_F(ReadStreamTest, EmptyFilesReadAsEmpty) {
    for (const char* name : {"empty.csv", "empty.csv.gz", "empty.csv.zst"}) {
        auto stream = open_input_file(write_file(name, ""));
        EXPECT_EQ(read_all(*stream), "") << name;
    }
}

TEST(CompressedStreams, GzipWriterOutputReadsBackThroughTinyReads) {
    const std::string content = sample_text(300000);
    StringWriteStream sink;
    GzipWriteStream gzip(sink, "mem.gz");
    for (std::size_t i = 0; i < content.size(); i += 1000) {
        gzip.write(std::string_view(content).substr(i, 1000));
    }
    gzip.finish();
    EXPECT_TRUE(sink.finished());
    ASSERT_GE(sink.data().size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(sink.data()[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(sink.data()[1]), 0x8b);
    // Compressed input arriving a few bytes at a time must not confuse the decoder.
    GzipReadStream reader(std::make_unique<MemoryReadStream>(sink.data(), 3), "mem.gz");
    EXPECT_EQ(read_all(reader, 5), content);
}

TEST(CompressedStreams, ZstdWriterOutputReadsBackThroughTinyReads) {
    const std::string content = sample_text(300000);
    StringWriteStream sink;
    ZstdWriteStream zstd(sink, "mem.zst");
    zstd.write(content);
    zstd.finish();
    EXPECT_TRUE(sink.finished());
    ZstdReadStream reader(std::make_unique<MemoryReadStream>(sink.data(), 3), "mem.zst");
    EXPECT_EQ(read_all(reader, 5), content);
}

} // namespace
} // namespace ferry::io
