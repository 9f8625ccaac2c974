/// `ferry import --on-error skip` of a file with every kind of malformed record the resynchronising reader
/// recovers from (docs/dirty-rows.md, "How the parser recovers"), against the real ClickHouse 18.16: every
/// clean row arrives exactly (checksum against the clean file loaded strictly), every damaged one is in the
/// rejects file with its line and its bytes as they were.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "formats/csv_reader.h"
#include "io/memory_stream.h"
#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

class ResyncImportTest : public ClickHouseTest {
protected:
    CommandResult ferry(const std::string& args) {
        return run_command("timeout 120 " + std::string(FERRY_BINARY) + " --host 127.0.0.1 --port " +
                           std::to_string(ClickHouseServer::http_port()) + " --database " + database_ + " " + args);
    }
    fs::path scratch(const std::string& name) {
        const auto dir = fs::temp_directory_path() / ("ferry_resync_" + database_);
        fs::create_directories(dir);
        return dir / name;
    }
    static void write(const fs::path& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    }
    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::string checksum(const std::string& table) {
        return query("SELECT count(), sum(cityHash64(id, name, amount, ifNull(note, '<NULL>'))) FROM " + table + " FORMAT TabSeparated");
    }
};

TEST_F(ResyncImportTest, EveryCleanRowArrivesAndEveryDamagedOneIsRejectedWithItsBytes) {
    // Clean rows, some with quoted delimiters, doubled quotes and line breaks; every 37th row damaged in one
    // of the ways below (line number -> raw record expected in the rejects file).
    const std::string header = "id,name,amount,note\n";
    std::string clean = header;
    std::string damaged = header;
    std::map<std::uint64_t, std::string> expected_rejects;
    std::uint64_t line = 2;
    const char* damages[] = {
        "{id},bo\"b,1,x",             // stray quote in an unquoted field
        "{id},\"carol\"x,2,y",        // text after a closing quote
        "{id},dave,3",                // too few fields
        "{id},eve,4,z,extra",         // too many
        "{id},\"never closed,5,w",    // a quote that never closes (the next quote is rows away)
    };
    for (int id = 1; id <= 3000; ++id) {
        std::string row;
        switch (id % 4) {
        case 0: row = std::to_string(id) + ",\"Smith, J\"," + std::to_string(id * 3) + ",plain"; break;
        case 1: row = std::to_string(id) + ",\"say \"\"hi\"\"\"," + std::to_string(id) + ",\"two\nlines\""; break;
        default: row = std::to_string(id) + ",name" + std::to_string(id) + "," + std::to_string(-id) + ","; break;
        }
        clean += row + "\n";
        if (id % 37 == 0) {
            std::string bad = damages[(id / 37) % 5];
            bad.replace(bad.find("{id}"), 4, std::to_string(100000 + id));
            damaged += bad + "\n";
            expected_rejects[line] = bad;
            ++line;
        }
        damaged += row + "\n";
        line += 1 + (id % 4 == 1 ? 1 : 0);
    }
    const auto clean_file = scratch("clean.csv");
    const auto damaged_file = scratch("damaged.csv");
    const auto rejects_file = scratch("damaged.rejects.csv");
    write(clean_file, clean);
    write(damaged_file, damaged);

    const std::string ddl = " (id Int64, name String, amount Int64, note Nullable(String)) ENGINE = MergeTree ORDER BY id";
    query("CREATE TABLE reference" + ddl);
    query("CREATE TABLE target" + ddl);
    auto result = ferry("import --table reference --file " + shell_quote(clean_file.string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // Strict: the first damaged row stops everything.
    result = ferry("import --table target --file " + shell_quote(damaged_file.string()));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("line " + std::to_string(expected_rejects.begin()->first) + ": unexpected 'x' after the "
                                                                                          "closing quote of field 2"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(query("SELECT count() FROM target FORMAT TabSeparated"), "0\n");

    result = ferry("import --json --on-error skip --rejects " + shell_quote(rejects_file.string()) +
                   " --table target --file " + shell_quote(damaged_file.string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(checksum("target"), checksum("reference"));
    EXPECT_EQ(query("SELECT count() FROM target FORMAT TabSeparated"), "3000\n");
    EXPECT_NE(result.out.find("\"rejected\": " + std::to_string(expected_rejects.size())), std::string::npos)
        << result.out;

    // The rejects file: a header, then line, reason, raw record; read back with Ferry's own reader.
    const std::string rejects = read(rejects_file);
    io::MemoryReadStream stream(rejects);
    formats::CsvReader reader(stream, formats::Dialect{});
    ASSERT_TRUE(reader.next()); // header
    std::map<std::uint64_t, std::string> got;
    while (reader.next()) {
        ASSERT_GE(reader.fields().size(), 3u) << reader.raw_record();
        const auto rejected_line = std::stoull(std::string(reader.fields()[0].value));
        got[rejected_line] = std::string(reader.fields()[reader.fields().size() - 1].value);
    }
    EXPECT_EQ(got, expected_rejects);
    fs::remove_all(scratch("").parent_path());
}

} // namespace
} // namespace ferry::test
