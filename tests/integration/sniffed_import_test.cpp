/// Files as people have them, imported without dialect flags into a real ClickHouse: the sniffed dialect,
/// header, encoding and value forms must give back exactly the values the file means.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/clickhouse_fixture.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
    return (fs::path(FERRY_SOURCE_DIR) / "tests" / "fixtures" / "messy" / name).string();
}

class SniffedImport : public ClickHouseTest {
protected:
    void import_ok(const std::string& table, const std::string& file, const std::string& flags = "") {
        const auto result = ferry("import --create --table " + table + " " + flags + " --file " + file);
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    std::string column_type(const std::string& table, const std::string& column) {
        return query("SELECT type FROM system.columns WHERE database = currentDatabase() AND table = '" + table +
                     "' AND name = '" + column + "' FORMAT TabSeparated");
    }
};

TEST_F(SniffedImport, SemicolonFileWithDecimalCommas) {
    import_ok("prices", fixture("semicolon_decimal_comma.csv"));
    EXPECT_EQ(column_type("prices", "price"), "Decimal(18, 2)\n");
    EXPECT_EQ(query("SELECT id, name, toString(toFloat64(price)) FROM prices ORDER BY id FORMAT TabSeparated"),
              "1\tApple\t1.5\n2\tPear\t2.25\n3\tFig\t10\n");
}

TEST_F(SniffedImport, GermanWindows1252ExportWithDayFirstDatesAndThousands) {
    import_ok("kunden", fixture("german_export.csv"));
    EXPECT_EQ(query("SELECT Kunde, toString(Datum), toString(toFloat64(Betrag)), Stadt FROM kunden ORDER BY Datum "
                    "FORMAT TabSeparated"),
              "Schäfer\t2024-02-01\t99.9\tKöln\nGroß\t2024-03-15\t12000\tDüsseldorf\n"
              "Müller\t2024-12-31\t1234.56\tMünchen\n");
}

TEST_F(SniffedImport, DatesBooleansAndInstantsConvertExactly) {
    write_file(scratch("events.csv"), "id,day,ok,at\n1,31/12/2024,yes,2024-01-05T10:00:00Z\n"
                                      "2,01/02/2024,no,2024-06-30T23:59:59+02:00\n3,15/07/2023,True,2024-02-29T00:00:00-01:30\n");
    import_ok("events", scratch("events.csv").string());
    // Bool where the server has it (21.12+), else UInt8: probed, not assumed from the version.
    std::string has_bool;
    try {
        has_bool = query("SELECT count() FROM system.data_type_families WHERE name = 'Bool' FORMAT TabSeparated");
    } catch (const std::exception&) {
        has_bool = "0\n";
    }
    EXPECT_EQ(column_type("events", "ok"), has_bool == "1\n" ? "Bool\n" : "UInt8\n");
    EXPECT_EQ(column_type("events", "at"), "DateTime(\\'UTC\\')\n"); // TabSeparated escapes quotes
    EXPECT_EQ(query("SELECT id, toString(day), toUInt8(ok), toUnixTimestamp(at) FROM events ORDER BY id "
                    "FORMAT TabSeparated"),
              "1\t2024-12-31\t1\t1704448800\n2\t2024-02-01\t0\t1719784799\n3\t2023-07-15\t1\t1709170200\n");
}

TEST_F(SniffedImport, MonthFirstDatesIntoAnExistingDateColumnAndTextIntoAStringColumn) {
    query("CREATE TABLE d (id Int64, day Date) ENGINE = MergeTree ORDER BY id");
    query("CREATE TABLE s (id Int64, day String) ENGINE = MergeTree ORDER BY id");
    ASSERT_EQ(ferry("import --table d --file " + fixture("dates_mdy.csv")).exit_code, 0);
    ASSERT_EQ(ferry("import --table s --file " + fixture("dates_mdy.csv")).exit_code, 0);
    EXPECT_EQ(query("SELECT id, toString(day) FROM d ORDER BY id FORMAT TabSeparated"),
              "1\t2024-12-31\n2\t2024-01-02\n3\t2024-07-04\n");
    // A String column keeps the file's text.
    EXPECT_EQ(query("SELECT day FROM s ORDER BY id FORMAT TabSeparated"), "12/31/2024\n01/02/2024\n7/4/2024\n");
}

TEST_F(SniffedImport, TitleLinesCommentsAndUtf16ExcelText) {
    import_ok("report", fixture("report_title.csv"));
    EXPECT_EQ(query("SELECT id, toString(day), toString(toFloat64(amount)) FROM report ORDER BY id FORMAT "
                    "TabSeparated"),
              "1\t2024-01-05\t19.99\n2\t2024-01-06\t5\n");
    import_ok("comments", fixture("hash_comments.csv"));
    EXPECT_EQ(query("SELECT sum(cents), count() FROM comments FORMAT TabSeparated"), "350\t2\n");
    import_ok("excel", fixture("utf16le_excel_unicode.txt"));
    EXPECT_EQ(query("SELECT id, name, city FROM excel ORDER BY id FORMAT TabSeparated"),
              "1\tZoë\tKöln\n2\tJosé\tSão Paulo\n3\t李\t北京\n");
    import_ok("latin", fixture("latin1.csv"));
    EXPECT_EQ(query("SELECT name FROM latin ORDER BY id FORMAT TabSeparated"), "Zoë\nJosé\nAndré\n");
}

TEST_F(SniffedImport, HeaderlessNumbersKeepTheirFirstRowAndZipCodesTheirZeros) {
    import_ok("nums", fixture("headerless_numbers.csv"));
    EXPECT_EQ(query("SELECT c1, c2, toString(c3) FROM nums ORDER BY c1 FORMAT TabSeparated"),
              "1\t2.5\t2024-01-02\n2\t3.5\t2024-01-03\n3\t4.25\t2024-01-04\n");
    import_ok("zips", fixture("zip_codes.csv"));
    EXPECT_EQ(query("SELECT zip FROM zips ORDER BY pop FORMAT TabSeparated"), "00501\n02134\n10001\n");
    import_ok("late", fixture("late_decimal.csv"));
    EXPECT_EQ(column_type("late", "value"), "Float64\n");
    EXPECT_EQ(query("SELECT value FROM late WHERE id = 5000 FORMAT TabSeparated"), "5000.5\n");
}

TEST_F(SniffedImport, AChosenDelimiterThatLooksWrongIsWarnedAboutAndNamedInParseErrors) {
    auto result = ferry("columns --delimiter comma --file " + fixture("semicolon_plain.csv"));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("This file looks semicolon-delimited - use that?"), std::string::npos) << result.err;
    EXPECT_NE(result.out.find("Detected: comma-delimited"), std::string::npos) << result.out;

    result = ferry("import --create --table wrong --delimiter comma --file " + fixture("semicolon_decimal_comma.csv"));
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("line 2: expected 1 fields, found 2"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("try --delimiter semicolon"), std::string::npos) << result.err;

    // Without flags the same file loads.
    import_ok("right", fixture("semicolon_decimal_comma.csv"));
    EXPECT_EQ(query("SELECT count() FROM right FORMAT TabSeparated"), "3\n");
}

TEST_F(SniffedImport, ColumnsPrintsTheDetectedDialect) {
    const auto result = ferry("columns --file " + fixture("title_comment_semicolon.csv"));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Detected: semicolon-delimited, header, UTF-8, decimal comma, 2 lines skipped"),
              std::string::npos)
        << result.out;
    const auto json = ferry("columns --json --file " + fixture("dates_ambiguous.csv"));
    EXPECT_NE(json.out.find("\"dialect\":{\"delimiter\":\",\""), std::string::npos) << json.out;
    const auto text = ferry("columns --file " + fixture("dates_ambiguous.csv"));
    EXPECT_NE(text.out.find("note: day is a String: ambiguous dates"), std::string::npos) << text.out;
}

TEST_F(SniffedImport, SeveralFilesOfOneJobAreEachSniffedOnTheirOwn) {
    // One job, three dialects: a German Windows-1252 export (semicolons, DD.MM.YYYY, 1.234,56), an Excel
    // "Unicode text" (UTF-16 LE, tabs) and a plain UTF-8 CSV. Every value must arrive as the file means it.
    const auto dir = scratch("mixed");
    fs::create_directories(dir);
    write_file(dir / "a.csv", "id;day;amount\r\n1;31.12.2024;1.234,56\r\n2;01.02.2024;7,5\r\n");
    std::string utf16("\xFF\xFE", 2);
    for (const char c : std::string("id\tday\tamount\r\n3\t2024-03-15\t12.25\r\n")) {
        utf16 += c;
        utf16 += '\0';
    }
    write_file(dir / "b.txt", utf16);
    write_file(dir / "c.csv", "id,day,amount\n4,2023-07-15,0.5\n");
    query("CREATE TABLE mixed (id Int64, day Date, amount Decimal(18, 2)) ENGINE = MergeTree ORDER BY id");
    const auto result = ferry("import --table mixed --file " + (dir / "a.csv").string() + " --file " +
                              (dir / "b.txt").string() + " --file " + (dir / "c.csv").string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query("SELECT id, toString(day), toString(amount) FROM mixed ORDER BY id FORMAT TabSeparated"),
              "1\t2024-12-31\t1234.56\n2\t2024-02-01\t7.50\n3\t2024-03-15\t12.25\n4\t2023-07-15\t0.50\n");
}

TEST_F(SniffedImport, BackslashEscapedQuotesLoadExactlyAndEscapeNoneIsHonoured) {
    const auto file = scratch("escaped.csv");
    write_file(file, "id,said\n1,\"He said \\\"hi\\\", then left\"\n2,\"a \\\\ b\"\n3,\"C:\\Users\\ann\"\n");
    const auto columns = ferry("columns --file " + file.string());
    ASSERT_EQ(columns.exit_code, 0) << columns.err;
    EXPECT_NE(columns.out.find("Detected: comma-delimited, header, UTF-8, escape \\"), std::string::npos)
        << columns.out;
    import_ok("escaped", file.string());
    EXPECT_EQ(query("SELECT id, said FROM escaped ORDER BY id FORMAT TabSeparated"),
              "1\tHe said \"hi\", then left\n2\ta \\\\ b\n3\tC:\\\\Users\\\\ann\n"); // TSV doubles backslashes
    // The user's "no escape" wins: the same file then stops at line 2 with advice.
    const auto refused = ferry("import --create --table strict --escape none --file " + file.string());
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("line 2: unexpected 'h' after the closing quote of field 2"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("--escape '\\'"), std::string::npos) << refused.err;
}

TEST_F(SniffedImport, CommentLinesBetweenRowsAreSkippedAndCountedInLineNumbers) {
    import_ok("lab", fixture("comments_between_rows.csv"));
    EXPECT_EQ(query("SELECT id, toString(reading), unit FROM lab ORDER BY id FORMAT TabSeparated"),
              "1\t0.50\tmg\n2\t0.75\tmg\n3\t1.25\tmg\n");
    // A bad row after a comment line is named by its physical line.
    const auto file = scratch("bad_after_comment.csv");
    write_file(file, "id,n\n1,2\n# note\n# note\nx,3\n");
    query("CREATE TABLE nums (id Int64, n Int64) ENGINE = MergeTree ORDER BY id");
    const auto result = ferry("import --table nums --file " + file.string());
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("line 5"), std::string::npos) << result.err;
    EXPECT_EQ(query("SELECT count() FROM nums FORMAT TabSeparated"), "0\n");
}

} // namespace
} // namespace ferry::test
