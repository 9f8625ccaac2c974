#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>

#include "common/error.h"
#include "io/file_write_stream.h"
#include "io/read_stream.h"
#include "io/write_stream.h"

namespace ferry::io {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "ferry-atomic-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path dir_;
};

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string read_all(ReadStream& stream) {
    std::string out;
    std::string buffer(65536, '\0');
    while (const std::size_t n = stream.read(buffer.data(), buffer.size())) {
        out.append(buffer.data(), n);
    }
    return out;
}

std::string big_content() {
    std::string content;
    for (int i = 0; content.size() < (3u << 20); ++i) {
        content += std::to_string(i) + ",\"name " + std::to_string(i * 7) + "\",2024-01-01\n";
    }
    return content;
}

TEST_F(AtomicFileTest, CommitWritesContentAndLeavesNoTemporaryFile) {
    const auto target = dir_ / "out.csv";
    const std::string content = big_content();
    {
        AtomicFile file(target);
        EXPECT_EQ(file.temp_path().parent_path(), dir_);
        EXPECT_EQ(file.temp_path().filename().string().rfind(".out.csv.ferry-tmp-", 0), 0u)
            << file.temp_path();
        EXPECT_TRUE(fs::exists(file.temp_path()));
        EXPECT_FALSE(fs::exists(target)); // nothing visible until commit
        file.stream().write("a,b\n");
        file.stream().write(content);
        file.commit();
        EXPECT_EQ(file.bytes_on_disk(), content.size() + 4);
    }
    EXPECT_EQ(file_bytes(target), "a,b\n" + content);
    EXPECT_EQ(entries(), std::vector<std::string>{"out.csv"});
}

TEST_F(AtomicFileTest, WithoutCommitTheTargetIsUntouchedAndTheTemporaryFileRemoved) {
    const auto target = dir_ / "out.csv";
    std::ofstream(target) << "previous content\n";
    {
        AtomicFile file(target);
        file.stream().write(big_content());
        EXPECT_TRUE(fs::exists(file.temp_path()));
    }
    EXPECT_EQ(file_bytes(target), "previous content\n");
    EXPECT_EQ(entries(), std::vector<std::string>{"out.csv"});
}

TEST_F(AtomicFileTest, AbandonedNewFileLeavesNothingBehind) {
    {
        AtomicFile file(dir_ / "new.csv.gz");
        file.stream().write("x\n");
    }
    EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, CommitReplacesAnExistingFileAndKeepsItsPermissions) {
    const auto target = dir_ / "out.csv";
    std::ofstream(target) << "old\n";
    ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
    AtomicFile file(target);
    file.stream().write("new\n");
    file.commit();
    EXPECT_EQ(file_bytes(target), "new\n");
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AtomicFileTest, GzipRoundTrip) {
    const auto target = dir_ / "out.csv.gz";
    const std::string content = big_content();
    std::uint64_t on_disk = 0;
    {
        AtomicFile file(target);
        file.stream().write(content);
        file.commit();
        on_disk = file.bytes_on_disk();
    }
    const std::string bytes = file_bytes(target);
    EXPECT_EQ(bytes.size(), on_disk);
    EXPECT_LT(bytes.size(), content.size() / 3); // really compressed
    ASSERT_GE(bytes.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
    // zlib itself agrees it is a valid gzip file with this content.
    gzFile gz = gzopen(target.c_str(), "rb");
    std::string decoded(content.size() + 1, '\0');
    const int n = gzread(gz, decoded.data(), static_cast<unsigned>(decoded.size()));
    gzclose(gz);
    ASSERT_GE(n, 0);
    decoded.resize(static_cast<std::size_t>(n));
    EXPECT_EQ(decoded, content);
    auto stream = open_input_file(target);
    EXPECT_EQ(read_all(*stream), content);
}

TEST_F(AtomicFileTest, ZstdRoundTrip) {
    const auto target = dir_ / "out.csv.zst";
    const std::string content = big_content();
    {
        AtomicFile file(target);
        // Many small writes, as a writer flushing odd-sized blocks would do.
        for (std::size_t i = 0; i < content.size(); i += 4093) {
            file.stream().write(std::string_view(content).substr(i, 4093));
        }
        file.commit();
    }
    const std::string bytes = file_bytes(target);
    EXPECT_LT(bytes.size(), content.size() / 3);
    ASSERT_GE(bytes.size(), 4u);
    EXPECT_EQ(bytes.substr(0, 4), std::string("\x28\xb5\x2f\xfd"));
    // libzstd's one-shot API agrees.
    EXPECT_EQ(ZSTD_getFrameContentSize(bytes.data(), bytes.size()) == ZSTD_CONTENTSIZE_ERROR, false);
    std::string decoded(content.size(), '\0');
    const std::size_t n = ZSTD_decompress(decoded.data(), decoded.size(), bytes.data(), bytes.size());
    ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    decoded.resize(n);
    EXPECT_EQ(decoded, content);
    auto stream = open_input_file(target);
    EXPECT_EQ(read_all(*stream), content);
}

TEST_F(AtomicFileTest, MissingDirectoryNamesTheTarget) {
    const auto target = dir_ / "no" / "such" / "out.csv";
    try {
        AtomicFile file(target);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()), "cannot write " + target.string() + ": No such file or directory");
    }
}

TEST_F(AtomicFileTest, RelativeTargetUsesTheCurrentDirectory) {
    const auto cwd = fs::current_path();
    fs::current_path(dir_);
    {
        AtomicFile file("rel.csv");
        EXPECT_EQ(file.temp_path().parent_path(), fs::path("."));
        file.stream().write("r\n");
        file.commit();
    }
    fs::current_path(cwd);
    EXPECT_EQ(file_bytes(dir_ / "rel.csv"), "r\n");
}

TEST(FileWriteStream, DiskFullNamesThePathAndReason) {
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        GTEST_SKIP() << "/dev/full is not available";
    }
    FileWriteStream stream(fd, "/data/out.csv");
    try {
        stream.write(std::string(3 << 20, 'x'));
        stream.finish();
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::File);
        EXPECT_EQ(std::string(e.what()), "cannot write /data/out.csv: No space left on device");
    }
    ::close(fd);
}

TEST(FileWriteStream, SmallWritesAreBufferedUntilFinish) {
    char path_template[] = "/tmp/ferry-fws-XXXXXX";
    const int fd = ::mkstemp(path_template);
    ASSERT_GE(fd, 0);
    FileWriteStream stream(fd, path_template);
    stream.write("abc");
    stream.write("def");
    EXPECT_EQ(stream.bytes(), 6u);
    EXPECT_EQ(file_bytes(path_template), ""); // still in the buffer
    stream.finish();
    EXPECT_EQ(file_bytes(path_template), "abcdef");
    ::close(fd);
    ::unlink(path_template);
}

} // namespace
} // namespace ferry::io
