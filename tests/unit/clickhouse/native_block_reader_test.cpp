#include "clickhouse/native_block_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

using namespace std::string_literals;

void varuint(std::uint64_t value, std::string& out) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void string(std::string_view text, std::string& out) {
    varuint(text.size(), out);
    out += text;
}

template <typename T> void fixed(T value, std::string& out) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

/// A block as ClickHouse writes it: id UInt32, s Nullable(String), fs FixedString(2), t String.
std::string block(std::uint32_t first, std::size_t rows) {
    std::string out;
    varuint(4, out);
    varuint(rows, out);
    string("id", out);
    string("UInt32", out);
    for (std::size_t i = 0; i < rows; ++i) {
        fixed<std::uint32_t>(first + static_cast<std::uint32_t>(i), out);
    }
    string("s", out);
    string("Nullable(String)", out);
    for (std::size_t i = 0; i < rows; ++i) {
        out += static_cast<char>(i % 3 == 0 ? 1 : 0);
    }
    for (std::size_t i = 0; i < rows; ++i) {
        string(i % 3 == 0 ? "" : "v\t" + std::to_string(first + i) + std::string(i * 40, 'x'), out);
    }
    string("fs", out);
    string("FixedString(2)", out);
    for (std::size_t i = 0; i < rows; ++i) {
        out += i % 2 == 0 ? "a\0"s : "bc"s;
    }
    string("t", out);
    string("String", out);
    for (std::size_t i = 0; i < rows; ++i) {
        string(std::string(i % 200, 'q'), out);
    }
    return out;
}

/// Decoded rows as text, "id|s-or-NULL|fs|t-length".
std::vector<std::string> decode(const std::string& answer, std::size_t piece) {
    std::vector<std::string> rows;
    NativeBlockReader reader([&](const NativeBlock& b) {
        EXPECT_EQ(b.columns.size(), 4u);
        EXPECT_EQ(b.columns[1].value_type, "String");
        for (std::size_t r = 0; r < b.rows; ++r) {
            std::uint32_t id;
            std::memcpy(&id, b.columns[0].value(r), 4);
            const bool null = b.columns[1].null_map[r] != 0;
            rows.push_back(std::to_string(id) + "|" + (null ? "NULL" : std::string(b.columns[1].string(r))) + "|" +
                           std::string(b.columns[2].value(r), 2) + "|" +
                           std::to_string(b.columns[3].string(r).size()));
        }
    });
    for (std::size_t at = 0; at < answer.size(); at += piece) {
        reader.feed(std::string_view(answer).substr(at, piece));
    }
    reader.finish();
    return rows;
}

TEST(NativeBlockReader, DecodesBlocksWhateverTheChunkBoundaries) {
    const std::string answer = block(1, 7) + block(100, 1) + block(200, 300);
    const auto whole = decode(answer, answer.size());
    ASSERT_EQ(whole.size(), 308u);
    EXPECT_EQ(whole[0], "1|NULL|a\0|0"s);
    EXPECT_EQ(whole[1], "2|v\t2" + std::string(40, 'x') + "|bc|1");
    EXPECT_EQ(whole[7], "100|NULL|a\0|0"s);
    EXPECT_EQ(whole[307], "499|v\t499" + std::string(299 * 40, 'x') + "|bc|99");
    for (const std::size_t piece : {1, 2, 3, 7, 64, 4096}) {
        EXPECT_EQ(decode(answer, piece), whole) << piece;
    }
}

TEST(NativeBlockReader, EveryCutOfTheAnswerIsReportedNotDecoded) {
    const std::string answer = block(1, 5) + block(10, 4);
    std::size_t first_block = block(1, 5).size();
    for (std::size_t cut = 1; cut < answer.size(); ++cut) {
        if (cut == first_block) {
            EXPECT_EQ(decode(answer.substr(0, cut), 3).size(), 5u);
            continue;
        }
        try {
            decode(answer.substr(0, cut), 5);
            ADD_FAILURE() << "cut at " << cut << " was read as whole";
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Connection) << cut;
            EXPECT_NE(std::string(error.what()).find("ends inside block"), std::string::npos) << error.what();
        }
    }
    EXPECT_TRUE(decode("", 1).empty()); // an empty result may have no block at all
}

TEST(NativeBlockReader, CorruptSizesAreRefusedBeforeAnythingIsBuffered) {
    const auto expect_refused = [](const std::string& answer, const std::string& why) {
        NativeBlockReader reader([](const NativeBlock&) { ADD_FAILURE() << "a corrupt block was delivered"; });
        try {
            reader.feed(answer);
            reader.finish();
            ADD_FAILURE() << why << " was accepted";
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Connection);
            EXPECT_NE(std::string(error.what()).find(why), std::string::npos) << error.what();
        }
    };
    std::string rows;
    varuint(1, rows);
    varuint(std::uint64_t{1} << 40, rows);
    expect_refused(rows, "a block of 1099511627776 rows");

    std::string columns;
    varuint(0, columns);
    expect_refused(columns, "a block of 0 columns");

    std::string name;
    varuint(1, name);
    varuint(1, name);
    varuint(std::uint64_t{1} << 30, name);
    expect_refused(name, "a column name or type of 1073741824 bytes");

    std::string value;
    varuint(1, value);
    varuint(1, value);
    string("s", value);
    string("String", value);
    varuint(std::uint64_t{1} << 33, value);
    expect_refused(value, "a string of 8589934592 bytes");

    std::string wide;
    varuint(1, wide);
    varuint(1u << 23, wide);
    string("x", wide);
    string("FixedString(100)", wide);
    expect_refused(wide, "a column of 838860800 bytes");

    std::string endless(12, '\xff');
    expect_refused(endless, "a length runs over 10 bytes");

    std::string array;
    varuint(1, array);
    varuint(1, array);
    string("a", array);
    string("Array(UInt8)", array);
    expect_refused(array, "type Array(UInt8) that Ferry does not read");
}

TEST(NativeBlockReader, AnExceptionAfterTheBlocksIsTheServersError) {
    const std::string text = "Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is "
                             "non zero, e.what() = DB::Exception\n";
    for (const std::size_t piece : {1, 5, 10'000}) {
        std::size_t rows = 0;
        NativeBlockReader reader([&](const NativeBlock& b) { rows += b.rows; });
        const std::string answer = block(1, 3) + text;
        for (std::size_t at = 0; at < answer.size(); at += piece) {
            reader.feed(std::string_view(answer).substr(at, piece));
        }
        EXPECT_EQ(rows, 3u);
        try {
            reader.finish();
            ADD_FAILURE() << "the exception was not reported";
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Query);
            EXPECT_EQ(std::string(error.what()),
                      "ClickHouse error 395: Value passed to 'throwIf' function is non zero");
            EXPECT_EQ(error.context().server_code, 395);
        }
    }
}

} // namespace
} // namespace ferry::clickhouse
