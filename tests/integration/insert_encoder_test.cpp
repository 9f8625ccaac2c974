/// The insert encoder against a real ClickHouse server: every supported type inserted as RowBinary and as
/// forced TabSeparated reads back identically, floats are bit-exact, escaping survives tabs, newlines,
/// backslashes and quotes, Array/Tuple/Nested literals as the server writes them encode to the server's own
/// RowBinary bytes, and DateTime civil times in zones with daylight time convert as the server converts them.
/// The types 18.16 lacks (Bool, Date32, DateTime64, Int128/256, Decimal256, IPv4/IPv6 in composites, JSON,
/// Variant, Dynamic, Time...) are tested against ClickHouse 26.5 in tests/modern/type_round_trip_test.cpp.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <random>

#include "clickhouse/catalog_sql.h"
#include "clickhouse/insert_encoder.h"
#include "clickhouse/native_insert_probe.h"
#include "clickhouse/type.h"
#include "clickhouse/value_text.h"
#include "common/error.h"
#include "support/civil_time.h"
#include "support/clickhouse_fixture.h"
#include "support/insert_body.h"

namespace ferry::test {
namespace {

using clickhouse::ColumnInfo;
using clickhouse::InsertEncoder;

/// One row of a test: the text of each column, or nullopt for a missing value.
using Row = std::vector<std::optional<std::string>>;

class InsertEncoderTest : public ClickHouseTest {
protected:
    /// The table's columns as the server reports them, as the import code would get them.
    std::vector<ColumnInfo> columns_of(const std::string& table) {
        const std::string body =
            query("SELECT name, type FROM system.columns WHERE database = currentDatabase() "
                  "AND table = '" +
                  table + "' FORMAT TabSeparatedRaw");
        std::vector<ColumnInfo> columns;
        std::size_t start = 0;
        while (start < body.size()) {
            const std::size_t end = body.find('\n', start);
            const std::string line = body.substr(start, end - start);
            const std::size_t tab = line.find('\t');
            columns.push_back({line.substr(0, tab), line.substr(tab + 1)});
            start = end + 1;
        }
        return columns;
    }

    std::string server_timezone() {
        return clickhouse::catalog_sql::parse_server_timezone(query(clickhouse::catalog_sql::server_timezone()));
    }

    /// Encodes `rows` for `table` and inserts them; returns the format used.
    std::string insert(const std::string& table, const std::vector<Row>& rows, bool force_text = false) {
        const auto encoder =
            clickhouse::make_insert_encoder(columns_of(table), server_timezone(), force_text);
        std::string body;
        for (const Row& row : rows) {
            for (std::size_t i = 0; i < row.size(); ++i) {
                encoder->value(i, row[i].value_or(""), !row[i].has_value(), body);
            }
            encoder->end_row(body);
        }
        send(table, std::string(encoder->format()), body);
        return std::string(encoder->format());
    }

    void send(const std::string& table, const std::string& format, const std::string& body) {
        send_sql("INSERT INTO `" + table + "` FORMAT " + format, body);
    }

    void send_sql(const std::string& sql, const std::string& body) { insert_body(*client_, sql, body); }

    static std::size_t split_rows_count(const std::string& body) {
        return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    }

    bool is_old_server() { return client_->server_major_version() < 19; }

    /// Settings for DDL with LowCardinality: experimental (and off by default) on 18.x.
    clickhouse::Settings low_cardinality_settings() {
        if (is_old_server()) {
            return {{"allow_experimental_low_cardinality_type", "1"}};
        }
        return {};
    }

    void create_all_types_table() {
        client_->query(
            "CREATE TABLE t (id UInt32, i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, "
            "u32 UInt32, u64 UInt64, f32 Float32, f64 Float64, s String, fs FixedString(4), d Date, "
            "dt DateTime, dtu DateTime('UTC'), d9 Decimal(9, 2), d18 Decimal(18, 4), d38 Decimal(38, 10), "
            "u UUID, e8 Enum8('a' = 1, 'b\\'c' = 2, 'z' = -3), e16 Enum16('x' = 1000, 'y' = -1000), "
            "ni Nullable(Int32), ns Nullable(String), lc LowCardinality(Nullable(String))) "
            "ENGINE = MergeTree ORDER BY id",
            low_cardinality_settings());
    }

    std::vector<Row> all_types_rows() {
        return {
            {"1",
             "-128",
             "-32768",
             "-2147483648",
             "-9223372036854775808",
             "255",
             "65535",
             "4294967295",
             "18446744073709551615",
             "1.5",
             "0.1",
             "hello",
             "ab",
             "2020-02-29",
             "2020-01-02 03:04:05",
             "2020-01-02T03:04:05Z",
             "-1234567.89",
             "12345678901234.5678",
             "1234567890123456789012345678.0123456789",
             "00112233-4455-6677-8899-aabbccddeeff",
             "b'c",
             "y",
             "-5",
             "tab\there",
             "x"},
            {"2",
             "+7",
             "-0",
             "007",
             "42",
             "0",
             "1",
             "2",
             "3",
             "-inf",
             "-0",
             "quote'back\\slash\nnewline",
             "abcd",
             "19000",
             "1577934245",
             "2020-01-02T06:04:05+03:00",
             ".25",
             "-0.0001",
             "-0.0000000001",
             "00112233445566778899AABBCCDDEEFF",
             "-3",
             "1000",
             std::nullopt,
             "",
             std::nullopt},
            {"3",          std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt},
        };
    }

    void check_all_types_read_back() {
        EXPECT_EQ(
            query("SELECT * FROM t WHERE id IN (1, 2) ORDER BY id FORMAT TabSeparated"),
            "1\t-128\t-32768\t-2147483648\t-9223372036854775808\t255\t65535\t4294967295\t"
            "18446744073709551615\t1.5\t0.1\thello\tab\\0\\0\t2020-02-29\t2020-01-02 03:04:05\t"
            "2020-01-02 03:04:05\t-1234567.89\t12345678901234.5678\t1234567890123456789012345678.0123456789\t"
            "00112233-4455-6677-8899-aabbccddeeff\tb\\'c\ty\t-5\ttab\\there\tx\n"
            "2\t7\t0\t7\t42\t0\t1\t2\t3\t-inf\t-0\tquote\\'back\\\\slash\\nnewline\tabcd\t2022-01-08\t"
            "2020-01-02 03:04:05\t2020-01-02 03:04:05\t0.25\t-0.0001\t-0.0000000001\t"
            "00112233-4455-6677-8899-aabbccddeeff\tz\tx\t\\N\t\t\\N\n");
        // Missing values of non-Nullable columns are the types' defaults; zero dates print differently
        // across versions, so they are read as numbers.
        EXPECT_EQ(
            query("SELECT i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, s, fs, toUInt16(d), toUInt32(dt), "
                  "toUInt32(dtu), d9 = 0, d18 = 0, d38 = 0, u, e8, e16, ni, ns, lc FROM t WHERE id = 3 "
                  "FORMAT TabSeparated"),
            "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t\t\\0\\0\\0\\0\t0\t0\t0\t1\t1\t1\t"
            "00000000-0000-0000-0000-000000000000\tz\ty\t\\N\t\\N\t\\N\n");
    }
};

TEST_F(InsertEncoderTest, EverySupportedTypeRoundTripsAsRowBinary) {
    create_all_types_table();
    EXPECT_EQ(insert("t", all_types_rows()), "RowBinary");
    check_all_types_read_back();
}

TEST_F(InsertEncoderTest, EverySupportedTypeRoundTripsAsTextIdentically) {
    create_all_types_table();
    EXPECT_EQ(insert("t", all_types_rows(), true), "TabSeparated");
    check_all_types_read_back();
}

/// Native bodies (what imports send where every column allows it): every scalar type of the all-types table
/// but LowCardinality (left to RowBinary) loads as it does through RowBinary, and the block Ferry writes is
/// byte for byte the block the server writes for the same rows.
TEST_F(InsertEncoderTest, EveryScalarTypeRoundTripsAsNativeAndIsTheServersOwnBlock) {
    create_all_types_table();
    client_->query("CREATE TABLE r AS t", low_cardinality_settings());
    auto columns = columns_of("t");
    ASSERT_EQ(columns.back().name, "lc");
    EXPECT_EQ(clickhouse::make_native_insert_encoder(columns, server_timezone()), nullptr);
    columns.pop_back();
    std::string names;
    for (const auto& column : columns) {
        names += (names.empty() ? "" : ", ") + column.name;
    }
    const auto native = clickhouse::make_native_insert_encoder(columns, server_timezone());
    ASSERT_NE(native, nullptr);
    const auto row_binary = clickhouse::make_insert_encoder(columns, server_timezone());
    std::string block;
    std::string rows_body;
    for (Row row : all_types_rows()) {
        row.pop_back();
        for (std::size_t i = 0; i < row.size(); ++i) {
            native->value(i, row[i].value_or(""), !row[i].has_value(), block);
            row_binary->value(i, row[i].value_or(""), !row[i].has_value(), rows_body);
        }
        native->end_row(block);
        row_binary->end_row(rows_body);
    }
    native->end_block(block);
    send_sql("INSERT INTO t (" + names + ") FORMAT Native", block);
    send_sql("INSERT INTO r (" + names + ") FORMAT RowBinary", rows_body);
    const std::string native_rows = query("SELECT " + names + " FROM t ORDER BY id FORMAT TabSeparated");
    EXPECT_EQ(split_rows_count(native_rows), 3u);
    EXPECT_EQ(native_rows, query("SELECT " + names + " FROM r ORDER BY id FORMAT TabSeparated"));
    EXPECT_EQ(query("SELECT count() FROM t WHERE isNull(ni) AND isNull(ns) AND s = ''"), "1\n");
    // 18.16 names the type of DateTime('UTC') "DateTime" in its blocks when UTC is its own zone too (the same
    // type: the data is the same).
    std::string server_block = query("SELECT " + names + " FROM r ORDER BY id FORMAT Native");
    const std::string short_name = std::string("\x03" "dtu\x08" "DateTime");
    if (const auto at = server_block.find(short_name); at != std::string::npos) {
        server_block.replace(at, short_name.size(), "\x03" "dtu\x0f" "DateTime('UTC')");
    }
    EXPECT_EQ(server_block, block);
}

/// LowCardinality on the Native path: 18.16 cannot read a plain column into a LowCardinality one (the probe
/// says no, and the insert it would make fails), so such a table stays RowBinary: every row and value
/// arrives, and a materialized view on the table sees them.
TEST_F(InsertEncoderTest, LowCardinalityStaysRowBinaryWhereTheServerCannotConvertPlainNative) {
    const auto run = [&](const std::string& sql) { return client_->query(sql); };
    EXPECT_FALSE(clickhouse::native_plain_into_low_cardinality(run));

    client_->query("CREATE TABLE lc (id UInt32, s LowCardinality(String), n LowCardinality(Nullable(String))) "
                   "ENGINE = MergeTree ORDER BY id",
                   low_cardinality_settings());
    client_->query("CREATE MATERIALIZED VIEW mv ENGINE = MergeTree ORDER BY id AS SELECT id, "
                   "toString(s) AS s, toString(ifNull(n, '<null>')) AS n FROM lc",
                   low_cardinality_settings());
    // What the probe protects from: the plain block sent anyway fails when the part is written.
    const auto native = clickhouse::make_native_insert_encoder(columns_of("lc"), server_timezone(), true);
    ASSERT_NE(native, nullptr);
    std::string block;
    native->value(0, "1", false, block);
    native->value(1, "a", false, block);
    native->value(2, "", true, block);
    native->end_row(block);
    native->end_block(block);
    try {
        send("lc", "Native", block);
        ADD_FAILURE() << "18.16 read a plain Native column into LowCardinality";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("ColumnLowCardinality"), std::string::npos) << error.what();
    }
    ASSERT_EQ(query("SELECT count() FROM lc"), "0\n");

    // (Encoded here: `ferry import` cannot make its staging table on 18.16, where LowCardinality needs
    // allow_experimental_low_cardinality_type.)
    std::vector<Row> rows;
    for (int i = 0; i < 5000; ++i) {
        rows.push_back({std::to_string(i), i % 7 == 0 ? "" : "v" + std::to_string(i % 13),
                        i % 3 == 0 ? std::nullopt : std::optional("n" + std::to_string(i % 11))});
    }
    ASSERT_EQ(insert("lc", rows), "RowBinary");
    const std::string expected = query(
        "SELECT count(), sum(sipHash64(toString(number), if(number % 7 = 0, '', concat('v', toString(number % 13))), "
        "if(number % 3 = 0, '<null>', concat('n', toString(number % 11))))) FROM (SELECT number FROM system.numbers LIMIT 5000) FORMAT TSV");
    EXPECT_EQ(query("SELECT count(), sum(sipHash64(toString(id), toString(s), ifNull(toString(n), '<null>'))) FROM lc "
                    "FORMAT TSV"),
              expected);
    EXPECT_EQ(query("SELECT count(), sum(sipHash64(toString(id), s, n)) FROM mv FORMAT TSV"), expected);
}

TEST_F(InsertEncoderTest, UuidLayoutMatchesTheServer) {
    query("CREATE TABLE u (u UUID) ENGINE = Memory");
    const std::vector<Row> rows = {{"00112233-4455-6677-8899-aabbccddeeff"},
                                   {"ffeeddcc-bbaa-9988-7766-554433221100"},
                                   {"6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d"}};
    insert("u", rows);
    EXPECT_EQ(query("SELECT toString(u) FROM u ORDER BY toString(u)"),
              "00112233-4455-6677-8899-aabbccddeeff\n6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d\n"
              "ffeeddcc-bbaa-9988-7766-554433221100\n");
    // And the same bytes the server writes itself.
    std::string body;
    const auto encoder = clickhouse::make_insert_encoder({{"u", "UUID"}}, "UTC");
    encoder->value(0, "00112233-4455-6677-8899-aabbccddeeff", false, body);
    EXPECT_EQ(query("SELECT toUUID('00112233-4455-6677-8899-aabbccddeeff') FORMAT RowBinary"), body);
}

TEST_F(InsertEncoderTest, FloatsAreBitExact) {
    query("CREATE TABLE f (id UInt32, x Float64, bits UInt64, y Float32, ybits UInt32) "
          "ENGINE = MergeTree ORDER BY id");
    std::mt19937_64 rng(20240607);
    std::vector<Row> rows;
    std::uint64_t sum = 0;
    std::uint64_t xor_bits = 0;
    constexpr int kRows = 100000;
    for (int i = 0; i < kRows; ++i) {
        double x = 0;
        float y = 0;
        std::uint64_t bits = 0;
        std::uint32_t ybits = 0;
        do {
            bits = rng();
            x = std::bit_cast<double>(bits);
        } while (!std::isfinite(x));
        do {
            ybits = static_cast<std::uint32_t>(rng());
            y = std::bit_cast<float>(ybits);
        } while (!std::isfinite(y));
        char buffer[64];
        const std::string x_text(buffer, std::to_chars(buffer, buffer + sizeof buffer, x).ptr);
        const std::string y_text(buffer, std::to_chars(buffer, buffer + sizeof buffer, y).ptr);
        rows.push_back({std::to_string(i), x_text, std::to_string(bits), y_text, std::to_string(ybits)});
        sum += bits;
        xor_bits ^= bits;
    }
    ASSERT_EQ(insert("f", rows), "RowBinary");
    EXPECT_EQ(query("SELECT count(), countIf(reinterpretAsUInt64(reinterpretAsString(x)) != bits), "
                    "countIf(reinterpretAsUInt32(reinterpretAsString(y)) != ybits) FROM f"),
              std::to_string(kRows) + "\t0\t0\n");
    EXPECT_EQ(query("SELECT sum(reinterpretAsUInt64(reinterpretAsString(x))), "
                    "groupBitXor(reinterpretAsUInt64(reinterpretAsString(x))) FROM f"),
              std::to_string(sum) + "\t" + std::to_string(xor_bits) + "\n");
}

TEST_F(InsertEncoderTest, CompositeLiteralsKeepTabsNewlinesBackslashesAndQuotesInBothFormats) {
    query("CREATE TABLE a (id UInt32, tags Array(String), nums Array(Nullable(Int32)), s String, "
          "pair Tuple(String, Int8)) ENGINE = MergeTree ORDER BY id");
    const std::vector<Row> rows = {
        // Array literals as ClickHouse writes them (escapes inside the quotes)...
        {"1", R"(['tab\there','new\nline','back\\slash','quote\'s'])", "[1,NULL,-3]", "a\tb\\c\nd'e",
         R"(('x\ty',5))"},
        // ...and with raw control bytes inside the quotes, as other tools may write them.
        {"2", "['raw\ttab','raw\nnewline','raw\\\\b','']", "[]", "", "('',0)"},
        {"3", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
    };
    const std::string expected =
        "1\t4\ttab\\there|new\\nline|back\\\\slash|quote\\'s\t[1,NULL,-3]\ta\\tb\\\\c\\nd\\'e\tx\\ty\t5\n"
        "2\t4\traw\\ttab|raw\\nnewline|raw\\\\b|\t[]\t\t\t0\n"
        "3\t0\t\t[]\t\t\t0\n";
    const std::string select =
        "SELECT id, length(tags), arrayStringConcat(tags, '|'), nums, s, "
        "tupleElement(pair, 1), tupleElement(pair, 2) FROM a ORDER BY id FORMAT TabSeparated";
    ASSERT_EQ(insert("a", rows, true), "TabSeparated");
    EXPECT_EQ(query(select), expected);
    query("TRUNCATE TABLE a");
    ASSERT_EQ(insert("a", rows), "RowBinary");
    EXPECT_EQ(query(select), expected);
}

TEST_F(InsertEncoderTest, DateTimeInANonUtcZoneIsReadInThatZone) {
    query("CREATE TABLE z (id UInt32, t DateTime('Europe/Moscow'), d Date) ENGINE = MergeTree ORDER BY id");
    const std::vector<Row> rows = {
        {"1", "2020-01-02 03:04:05", "2020-01-02"}, // wall-clock time in Moscow (UTC+3)
        {"2", "2020-01-02T03:04:05Z", "18263"},     // an instant
        {"3", "1577934245", "0000-00-00"},          // a unix time
        {"4", std::nullopt, std::nullopt},          // the epoch
    };
    ASSERT_EQ(insert("z", rows), "TabSeparated");
    // (The epoch prints as 0000-00-00 00:00:00 on old servers: row 4 is compared as a number only.)
    EXPECT_EQ(
        query("SELECT id, toUnixTimestamp(t), if(id = 4, '', toString(t)), toUInt16(d) FROM z ORDER BY id "
              "FORMAT TabSeparated"),
        "1\t1577923445\t2020-01-02 03:04:05\t18263\n"
        "2\t1577934245\t2020-01-02 06:04:05\t18263\n"
        "3\t1577934245\t2020-01-02 06:04:05\t0\n"
        "4\t0\t\t0\n");
}

TEST_F(InsertEncoderTest, BadValueNamesColumnAndValue) {
    query("CREATE TABLE b (id UInt32, amount Decimal(9, 2)) ENGINE = Memory");
    const auto encoder = clickhouse::make_insert_encoder(columns_of("b"), server_timezone());
    std::string body;
    encoder->value(0, "1", false, body);
    try {
        encoder->value(1, "1.255", false, body);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "column amount: '1.255' has too many digits after the point for Decimal(9, 2)");
        EXPECT_EQ(e.kind(), ErrorKind::Data);
    }
}

/// Splits a TabSeparatedRaw body (no tabs or newlines inside fields) into rows of fields.
std::vector<std::vector<std::string>> split_rows(const std::string& body) {
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    while (start < body.size()) {
        const std::size_t end = body.find('\n', start);
        std::vector<std::string> fields;
        std::size_t field = start;
        while (true) {
            const std::size_t tab = body.find('\t', field);
            if (tab == std::string::npos || tab > end) {
                fields.push_back(body.substr(field, end - field));
                break;
            }
            fields.push_back(body.substr(field, tab - field));
            field = tab + 1;
        }
        rows.push_back(std::move(fields));
        start = end + 1;
    }
    return rows;
}

constexpr const char* kCompositeTable =
    "CREATE TABLE c (id UInt32, s Array(String), n Array(Nullable(Int32)), aa Array(Array(UInt8)), "
    "f Array(Float64), d Array(Date), t Tuple(String, Int32), x Float64, e Array(Enum8('a' = 1, 'b\\'c' = "
    "2)), "
    "u Array(UUID), dt Array(DateTime), dec Array(Decimal(18, 4)), fs Array(FixedString(3)), "
    "nested Nested(k String, v Int8)) ENGINE = MergeTree ORDER BY id";

TEST_F(InsertEncoderTest, CompositeValuesInsertAsRowBinary) {
    query(kCompositeTable);
    const std::vector<Row> rows = {
        {"1", R"(['a','b\'c','tab\there'])", "[1,NULL,-3]", "[[1,2],[]]", "[1.5,-2e-300]",
         "['2020-01-01','2021-02-03']", "('a',1)", "0.1", R"(['a','b\'c'])",
         "['6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d']", "['2020-01-02 03:04:05']", "[1.5,-0.0001]",
         "['ab','xyz']", "['k1','k2']", "[1,-2]"},
        {"2", "[ 'x' , '' ]", "[ ]", "[[]]", "[inf,-inf,nan,-0]", "[]", "( '' , -5 )", "-0", "[]", "[]", "[]",
         "[]", "[]", "[]", "[]"},
        {"3", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::nullopt},
        {"4", R"(['\x41\N','it''s','\\\'','\b\f\r\0'])", "[null,NULL]", "[[255],[0,0]]", "[1e308]",
         "['2105-12-31']", R"(('\t',-2147483648))", "1e-320", "['2']", "[]", "['1577934245']", "[]", "[]",
         "[]", "[]"},
    };
    ASSERT_EQ(insert("c", rows), "RowBinary");
    EXPECT_EQ(
        query("SELECT * FROM c ORDER BY id FORMAT TabSeparated"),
        "1\t['a','b\\'c','tab\\there']\t[1,NULL,-3]\t[[1,2],[]]\t[1.5,-2e-300]\t['2020-01-01','2021-02-03']\t"
        "('a',1)\t0.1\t['a','b\\'c']\t['6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d']\t['2020-01-02 03:04:05']\t"
        "[1.5000,-0.0001]\t['ab\\0','xyz']\t['k1','k2']\t[1,-2]\n"
        "2\t['x','']\t[]\t[[]]\t[inf,-inf,nan,-0]\t[]\t('',-5)\t-0\t[]\t[]\t[]\t[]\t[]\t[]\t[]\n"
        "3\t[]\t[]\t[]\t[]\t[]\t('',0)\t0\t[]\t[]\t[]\t[]\t[]\t[]\t[]\n"
        "4\t['A','it\\'s','\\\\\\'','\\b\\f\\r\\0']\t[NULL,NULL]\t[[255],[0,0]]\t[1e308]\t['2105-12-31']\t"
        "('\\t',-2147483648)\t1e-320\t['b\\'c']\t[]\t['2020-01-02 03:04:05']\t[]\t[]\t[]\t[]\n");
}

TEST_F(InsertEncoderTest, ServerTextOfCompositeValuesEncodesToTheServersOwnRowBinary) {
    query(kCompositeTable);
    // Random rows, inserted by Ferry: strings of any bytes, NULLs, nested and long arrays, random doubles.
    std::mt19937_64 rng(20240611);
    const auto random_string = [&rng] {
        std::string out(rng() % 6, '\0');
        for (char& c : out) {
            c = static_cast<char>(rng() % 4 == 0 ? "'\\\t\n\r\b\f\"`/=,[]()\x01\x7f\x80\xff"[rng() % 20]
                                                 : 'a' + rng() % 26);
        }
        return out;
    };
    const auto quoted = [](std::string_view text) {
        std::string out = "'";
        for (const char c : text) {
            switch (c) {
            case '\'':
            case '\\':
                out += '\\';
                out += c;
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
            }
        }
        return out + "'";
    };
    const auto random_double = [&rng] {
        double value = 0;
        do {
            value = std::bit_cast<double>(rng());
        } while (!std::isfinite(value));
        char buffer[64];
        return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
    };
    std::vector<Row> rows;
    std::size_t doubles = 0;
    for (int id = 0; id < 1000; ++id) {
        const std::size_t size = id == 7 ? 300 : rng() % 12;
        std::string s = "[";
        std::string n = "[";
        std::string aa = "[";
        std::string f = "[";
        std::string d = "[";
        std::string k = "[";
        std::string v = "[";
        for (std::size_t i = 0; i < size; ++i) {
            const char* comma = i ? "," : "";
            s += comma + quoted(random_string());
            n += comma +
                 (rng() % 3 == 0 ? std::string("NULL") : std::to_string(static_cast<std::int32_t>(rng())));
            aa += comma + std::string(rng() % 2 ? "[]" : "[" + std::to_string(rng() % 256) + ",0]");
            d += comma + ("'" + std::to_string(1970 + rng() % 136) + "-0" + std::to_string(1 + rng() % 9) +
                          "-1" + std::to_string(rng() % 10) + "'");
            k += comma + quoted(random_string());
            v += comma + std::to_string(static_cast<std::int8_t>(rng()));
        }
        for (std::size_t i = 0; i < (id == 7 ? 300 : 12); ++i) {
            f += (i ? "," : "") +
                 (i % 50 == 49 ? std::string(i % 100 == 49 ? "-inf" : "nan") : random_double());
            ++doubles;
        }
        rows.push_back(
            {std::to_string(id), s + "]", n + "]", aa + "]", f + "]", d + "]",
             "(" + quoted(random_string()) + "," + std::to_string(static_cast<std::int32_t>(rng())) + ")",
             random_double(), rng() % 2 ? "['a','b\\'c']" : "[]",
             "['" +
                 std::string(rng() % 2 ? "00112233-4455-6677-8899-aabbccddeeff"
                                       : "6d2b8a1e-3c4f-4a5b-9c7d-0e1f2a3b4c5d") +
                 "']",
             "['" + std::to_string(rng() % 4000000000u) + "']",
             "[" + std::to_string(static_cast<std::int32_t>(rng())) + ".0123]", "['ab','']", k + "]",
             v + "]"});
    }
    ASSERT_GE(doubles, 10000u);
    ASSERT_EQ(insert("c", rows), "RowBinary");

    // The server's text of every value, encoded by Ferry, is the server's own RowBinary, byte for byte.
    auto columns = columns_of("c");
    columns.erase(columns.begin()); // id
    std::string select = "SELECT ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        select += (i ? ", " : "") + std::string("toString(`") + columns[i].name + "`)";
    }
    const auto text_rows = split_rows(query(select + " FROM c ORDER BY id FORMAT TabSeparatedRaw"));
    ASSERT_EQ(text_rows.size(), rows.size());
    const auto encoder = clickhouse::make_insert_encoder(columns, server_timezone());
    ASSERT_EQ(encoder->format(), "RowBinary");
    std::string body;
    for (const auto& fields : text_rows) {
        ASSERT_EQ(fields.size(), columns.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            encoder->value(i, fields[i], false, body);
        }
        encoder->end_row(body);
    }
    std::string names;
    for (const ColumnInfo& column : columns) {
        names += (names.empty() ? "`" : ", `") + column.name + "`";
    }
    const std::string server = query("SELECT " + names + " FROM c ORDER BY id FORMAT RowBinary");
    ASSERT_EQ(body.size(), server.size());
    EXPECT_TRUE(body == server) << "first difference at byte "
                                << std::mismatch(body.begin(), body.end(), server.begin()).first -
                                       body.begin();
}

TEST_F(InsertEncoderTest, DateTimesInZonesWithDaylightTimeReadAsTheServerReadsThem) {
    for (const char* table : {"ferry", "server"}) {
        query(std::string("CREATE TABLE ") + table +
              " (id UInt32, b DateTime('Europe/Berlin'), n DateTime('America/New_York'), "
              "nb Nullable(DateTime('Europe/Berlin'))) ENGINE = MergeTree ORDER BY id");
    }
    // Civil times on the days clocks change (EU: last Sundays of March and October; US: second Sunday of
    // March, first of November), around the change, and anywhere in 1970..2105.
    std::mt19937_64 rng(20240612);
    std::vector<Row> rows;
    const auto add = [&](std::int64_t seconds) {
        const std::string text = civil_text(seconds);
        rows.push_back(
            {std::to_string(rows.size()), text, text, rows.size() % 5 ? std::optional(text) : std::nullopt});
    };
    for (int year = 1971; year <= 2105; ++year) {
        for (const std::int64_t day :
             {nth_sunday(year, 3, 5), nth_sunday(year, 10, 5), nth_sunday(year, 3, 2), nth_sunday(year, 11, 1),
              nth_sunday(year, 4, 5), nth_sunday(year, 9, 5), nth_sunday(year, 4, 1), nth_sunday(year, 10, 1)}) {
            for (const int second : {3599, 3600, 5399, 7199, 7200, 9000, 10799, 10800}) {
                add(day * 86400 + second);
            }
        }
    }
    const std::int64_t first = 86400;                                          // 1970-01-02
    const std::int64_t last = clickhouse::days_from_civil(2106, 1, 1) * 86400; // the server reads up to 2105
    while (rows.size() < 10000) {
        if (rows.size() % 2) {
            add(first + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(last - first)));
        } else {
            const int year = 1971 + static_cast<int>(rng() % 135);
            const std::int64_t day = rng() % 2
                                         ? nth_sunday(year, 3, 5 - static_cast<int>(rng() % 4))
                                         : nth_sunday(year, rng() % 2 ? 10 : 11, 1 + static_cast<int>(rng() % 5));
            add(day * 86400 + static_cast<std::int64_t>(rng() % (5 * 3600)));
        }
    }
    ASSERT_EQ(insert("ferry", rows), "RowBinary");
    ASSERT_EQ(insert("server", rows, true), "TabSeparated");
    const std::string select = "SELECT id, toUnixTimestamp(b), toUnixTimestamp(n), toUnixTimestamp(nb) FROM ";
    const std::string ferry = query(select + "ferry ORDER BY id FORMAT TabSeparated");
    const std::string server = query(select + "server ORDER BY id FORMAT TabSeparated");
    EXPECT_EQ(split_rows(ferry).size(), 10000u);
    if (ferry != server) {
        const auto ferry_rows = split_rows(ferry);
        const auto server_rows = split_rows(server);
        std::size_t differences = 0;
        for (std::size_t i = 0; i < ferry_rows.size() && i < server_rows.size(); ++i) {
            if (ferry_rows[i] != server_rows[i] && ++differences <= 5) {
                ADD_FAILURE() << "row " << i << " (" << *rows[i][1] << "): Ferry " << ferry_rows[i][1] << " "
                              << ferry_rows[i][2] << ", server " << server_rows[i][1] << " "
                              << server_rows[i][2];
            }
        }
        ADD_FAILURE() << differences << " rows differ";
    }
    // The skipped and the ambiguous time, as ClickHouse reads them.
    std::string ids;
    for (const Row& row : rows) {
        if (row[1] == "2023-03-26 02:30:00" || row[1] == "2023-10-29 02:30:00") {
            ids += (ids.empty() ? "" : ", ") + *row[0];
        }
    }
    EXPECT_EQ(query("SELECT toUnixTimestamp(b) FROM ferry WHERE id IN (" + ids +
                    ") ORDER BY id FORMAT TabSeparated"),
              "1679790600\n1698539400\n");
}

} // namespace
} // namespace ferry::test
