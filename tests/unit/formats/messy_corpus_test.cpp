/// Runs the sniffer over every file of tests/fixtures/messy/ and checks it against the JSON beside the file
/// (written by hand in make_fixtures.py): the dialect, and each column's name, type and value format.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/sniffer/sniffer.h"
#include "io/file_sample.h"

namespace ferry::formats {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

fs::path corpus_dir() {
    return fs::path(FERRY_SOURCE_DIR) / "tests" / "fixtures" / "messy";
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string delimiter_text(char c) {
    return std::string(1, c);
}

/// Differences between what the sniffer says about `data` and `expected`, one per line.
std::string check(const fs::path& data, const json::object& expected) {
    std::string out;
    Sniffer sniffer(io::read_file_sample(data), default_delimiter_for(data.filename().string()));
    const SniffResult result = sniffer.sniff();
    const auto& want = expected.at("dialect").as_object();
    const Dialect& got = result.detected;
    auto expect = [&](std::string_view what, const std::string& wanted, const std::string& actual) {
        if (wanted != actual) {
            out += std::string(what) + ": expected '" + wanted + "', got '" + actual + "'\n";
        }
    };
    expect("delimiter", std::string(want.at("delimiter").as_string()), delimiter_text(got.delimiter));
    expect("quote", std::string(want.at("quote").as_string()), delimiter_text(got.quote));
    expect("header", want.at("header").as_bool() ? "true" : "false", got.header ? "true" : "false");
    expect("skip_lines", std::to_string(want.at("skip_lines").as_int64()), std::to_string(got.skip_lines));
    expect("encoding", std::string(want.at("encoding").as_string()), std::string(io::to_string(got.encoding)));
    expect("decimal_comma", want.at("decimal_comma").as_bool() ? "true" : "false",
           got.decimal_comma ? "true" : "false");
    const auto* escape = want.if_contains("escape");
    expect("escape", escape == nullptr || escape->is_null() ? "none" : std::string(escape->as_string()),
           got.escape == 0 ? "none" : std::string(1, got.escape));
    const auto* comment = want.if_contains("comment");
    expect("comment", comment == nullptr || comment->is_null() ? "none" : std::string(comment->as_string()),
           got.comment == 0 ? "none" : std::string(1, got.comment));
    const auto& columns = expected.at("columns").as_array();
    expect("columns", std::to_string(columns.size()), std::to_string(result.columns.size()));
    for (std::size_t i = 0; i < columns.size() && i < result.columns.size(); ++i) {
        const auto& column = columns[i].as_array();
        const auto& actual = result.columns[i];
        const std::string where = "column " + std::to_string(i + 1);
        expect(where + " name", std::string(column.at(0).as_string()), actual.name);
        expect(where + " type", std::string(column.at(1).as_string()), actual.type);
        const std::string format = column.size() > 2 ? std::string(column.at(2).as_string()) : "as-is";
        expect(where + " format", format, std::string(to_string(actual.format)));
    }
    if (const auto* notes = expected.if_contains("notes")) {
        for (const auto& [name, phrase] : notes->as_object()) {
            bool found = false;
            for (const auto& column : result.columns) {
                found = found || (column.name == name && column.note.find(phrase.as_string()) != std::string::npos);
            }
            if (!found) {
                out += "column " + std::string(name) + ": note lacks '" + std::string(phrase.as_string()) + "'\n";
            }
        }
    }
    return out;
}

TEST(MessyCorpus, EveryFixtureIsSniffedAsItsJsonSays) {
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(corpus_dir())) {
        const auto path = entry.path();
        if (path.extension() != ".json") {
            continue;
        }
        fs::path data = path;
        data.replace_extension(); // a.csv.json -> a.csv
        ASSERT_TRUE(fs::exists(data)) << data;
        ++files;
        const auto expected = json::parse(read_text(path)).as_object();
        EXPECT_EQ(check(data, expected), "") << data.filename();
    }
    EXPECT_GE(files, 40u);
}

} // namespace
} // namespace ferry::formats
