#include "support/export_answers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ferry::test {

namespace {

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The line of `text` holding byte `at`.
std::string line_at(const std::string& text, std::size_t at) {
    const std::size_t begin = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;
    const std::size_t end = text.find('\n', at);
    return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

} // namespace

void expect_same_bytes(const std::string& got, const std::string& want, const std::string& what) {
    if (got == want) {
        return;
    }
    const std::size_t shorter = std::min(got.size(), want.size());
    const auto at = static_cast<std::size_t>(
        std::mismatch(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(shorter), want.begin()).first -
        got.begin());
    ADD_FAILURE() << what << ": " << got.size() << " bytes against " << want.size()
                  << ", first different at byte " << at << "\ngot:  " << line_at(got, at)
                  << "\nwant: " << line_at(want, at);
}

CommandResult ExportAnswers::run(const std::string& answer, const std::string& args) const {
    return run_command("FERRY_EXPORT_ANSWER=" + answer + " " + std::string(FERRY_BINARY) + " --host 127.0.0.1 --port " +
                       std::to_string(port) + " --database " + database + " " + args);
}

std::string ExportAnswers::both_ways(const std::string& table, const std::string& flags, const std::string& ext) const {
    const auto text = dir / (table + "_text." + ext);
    const auto native = dir / (table + "_native." + ext);
    auto result = run("tsv", "export --table " + table + " " + flags + " --file " + text.string());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    result = run("native", "export --table " + table + " " + flags + " --file " + native.string());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::string expected = read_whole(text);
    expect_same_bytes(read_whole(native), expected, table + " " + flags);
    return expected;
}

} // namespace ferry::test
