/// The dirty-rows harness: tests/dirty/make_damaged.py writes clean tables damaged one way at a time, with the
/// expected outcome beside each file; every file is imported with `ferry import --create --on-error skip` and
/// checked: every clean record arrives exactly (the table read back), every damaged record is in the rejects
/// file, and rows loaded + rows rejected = records in the file. One test per kind of damage, so a failure
/// names the damage.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "support/clickhouse_fixture.h"
#include "formats/csv_reader.h"
#include "io/read_stream.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::vector<std::string> kRowDamages = {"extra_delimiter",   "missing_delimiter", "stray_quote",
                                              "unclosed_quote",    "escape_characters", "newline_in_field",
                                              "other_delimiter"};
const std::vector<std::string> kFileDamages = {
    "delimiter_semicolon", "delimiter_tab",  "delimiter_pipe", "delimiter_space", "delimiter_comma_space",
    "quote_apostrophe",    "eol_lf",         "eol_cr",         "eol_crlf",        "preamble",
    "header_rows_2",       "header_rows_3",  "no_header",      "one_data_row",    "empty",
    "two_tables"};
const std::vector<std::string> kTables = {"people", "readings"};

/// The generated files, written once for all the tests of this binary.
const fs::path& generated() {
    static const fs::path dir = [] {
        const auto out = fs::temp_directory_path() / fmt::format("ferry-damaged-{}", ::getpid());
        fs::remove_all(out);
        const auto result = run_command("python3 " + shell_quote(FERRY_SOURCE_DIR "/tests/dirty/make_damaged.py") +
                                        " " + shell_quote(out.string()));
        if (result.exit_code != 0) {
            throw std::runtime_error("make_damaged.py failed: " + result.err);
        }
        return out;
    }();
    return dir;
}

/// line -> reason, from a rejects file (rejects_file.h), the header row left out.
std::map<std::uint64_t, std::string> rejected_lines(const fs::path& path) {
    std::map<std::uint64_t, std::string> lines;
    if (!fs::exists(path)) {
        return lines;
    }
    auto input = io::open_input_file(path);
    formats::CsvReader reader(*input, formats::Dialect{});
    reader.next(); // line,reason,record
    while (reader.next()) {
        const auto fields = reader.fields();
        if (fields.size() == 3 && fields[1].value != "header") {
            lines[std::stoull(std::string(fields[0].value))] = std::string(fields[1].value);
        }
    }
    return lines;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

class DamagedFilesTest : public ClickHouseTest, public ::testing::WithParamInterface<std::string> {
protected:
    /// Imports one generated case and returns what differs from its expectation (empty: all as expected).
    std::vector<std::string> check(const std::string& name) {
        std::vector<std::string> problems;
        const auto expected = json::parse(read_file(generated() / (name + ".json"))).as_object();
        const auto file = generated() / (name + ".csv");
        const auto rejects = scratch(name + ".rejects.csv");
        std::string flags;
        for (const auto& flag : expected.at("flags").as_array()) {
            flags += " " + std::string(flag.as_string());
        }
        const auto result = ferry("import --json --create --on-error skip --table " + name + " --rejects " +
                                  shell_quote(rejects.string()) + " --file " + shell_quote(file.string()) + flags);
        if (!expected.at("refused").is_null()) {
            const std::string phrase(expected.at("refused").as_string());
            if (result.exit_code == 0 || result.err.find(phrase) == std::string::npos) {
                problems.push_back(fmt::format("expected a refusal with '{}', got exit {}: {}", phrase,
                                               result.exit_code, result.err));
            }
            return problems;
        }
        if (result.exit_code != 0) {
            problems.push_back(fmt::format("import failed (exit {}): {}", result.exit_code, result.err));
            return problems;
        }
        const auto summary = json::parse(result.out).as_object();
        const auto rows = summary.at("rows").to_number<std::uint64_t>();
        const auto rejected = summary.at("rejected").to_number<std::uint64_t>();
        const auto records = expected.at("records").to_number<std::uint64_t>();
        if (rows + rejected != records) {
            problems.push_back(fmt::format("{} loaded + {} rejected != {} records in the file", rows, rejected, records));
        }
        // The table, read back: every clean record exactly once, and the accepted alternatives of damaged ones.
        auto got = split_lines(query("SELECT * FROM " + name + " FORMAT TabSeparatedRaw"));
        std::vector<std::string> want;
        for (const auto& row : expected.at("loaded").as_array()) {
            want.emplace_back(row.as_string());
        }
        const auto reject_reasons = rejected_lines(rejects);
        for (const auto& line : expected.at("rejected_lines").as_array()) {
            const auto number = line.to_number<std::uint64_t>();
            if (reject_reasons.contains(number)) {
                continue;
            }
            const auto* instead = expected.at("accept_instead").as_object().if_contains(std::to_string(number));
            if (instead != nullptr) {
                want.emplace_back(instead->as_string()); // loaded as meant: fine too
            } else {
                problems.push_back(fmt::format("damaged line {} is not in the rejects file", number));
            }
        }
        for (const auto& [number, reason] : reject_reasons) {
            const auto& lines = expected.at("rejected_lines").as_array();
            if (std::none_of(lines.begin(), lines.end(), [&](const auto& l) { return l.template to_number<std::uint64_t>() == number; })) {
                problems.push_back(fmt::format("clean line {} was rejected: {}", number, reason));
            }
        }
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        if (got != want) {
            std::vector<std::string> missing, extra;
            std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
            std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
            problems.push_back(fmt::format("table differs: {} rows missing (first: '{}'), {} unexpected (first: '{}')",
                                           missing.size(), missing.empty() ? "" : missing.front(), extra.size(),
                                           extra.empty() ? "" : extra.front()));
        }
        return problems;
    }
};

TEST_P(DamagedFilesTest, SkipModeLoadsEveryCleanRowAndRejectsEveryDamagedOne) {
    const std::string damage = GetParam();
    std::string report;
    for (const auto& table : kTables) {
        for (const auto& problem : check(table + "__" + damage)) {
            report += fmt::format("  {}__{}: {}\n", table, damage, problem);
        }
    }
    EXPECT_TRUE(report.empty()) << report;
}

std::vector<std::string> all_damages() {
    auto all = kRowDamages;
    all.insert(all.end(), kFileDamages.begin(), kFileDamages.end());
    return all;
}

INSTANTIATE_TEST_SUITE_P(Damage, DamagedFilesTest, ::testing::ValuesIn(all_damages()),
                         [](const auto& info) { return info.param; });

class RejectsRoundTripTest : public ClickHouseTest {};

TEST_F(RejectsRoundTripTest, FixedRejectsLoadBackAndTheTableEndsUpWithEveryRow) {
    // Semicolon-delimited: the rejects file keeps each record in that dialect.
    query("CREATE TABLE sales (id Int64, item String, price Decimal(18, 2)) ENGINE = MergeTree ORDER BY id");
    write_file(scratch("sales.csv"), "id;item;price\n1;tea;1.50\n2;\"cups; large\";2.25;oops\n3;pot;abc\n"
                                     "4;\"jar \"\"B\"\"\";4.75\n\n5;lid;5\n");
    const auto rejects = scratch("sales.csv.rejects.csv");
    auto result = ferry("import --json --on-error skip --table sales --file " + scratch("sales.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 3, "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"rejected\": 3, \"records\": 6"), std::string::npos) << result.out;
    EXPECT_EQ(read_file(rejects), "line,reason,record\n"
                                  "1,header,id;item;price\n"
                                  "3,\"expected 3 fields, found 4\",\"2;\"\"cups; large\"\";2.25;oops\"\n"
                                  "4,\"column price: 'abc' is not a valid Decimal(18, 2)\",3;pot;abc\n"
                                  "6,\"blank line (expected 3 fields, found 1)\",\"\"\n")
        << read_file(rejects);

    // Fix the records as a user would (drop the extra field, give the price, drop the blank line) and load
    // the rejects file itself.
    auto text = read_file(rejects);
    text.replace(text.find(";oops"), 5, "");
    text.replace(text.find("pot;abc"), 7, "pot;3");
    text.erase(text.find("6,\"blank line"));
    write_file(rejects, text);
    result = ferry("import --json --table sales --file " + rejects.string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\"rows\": 2, \"bytes\""), std::string::npos) << result.out;
    EXPECT_EQ(query("SELECT id, item, price FROM sales ORDER BY id FORMAT TabSeparated"),
              "1\ttea\t1.50\n2\tcups; large\t2.25\n3\tpot\t3.00\n4\tjar \"B\"\t4.75\n5\tlid\t5.00\n");
}

} // namespace
} // namespace ferry::test
