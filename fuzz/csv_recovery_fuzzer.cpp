/// libFuzzer target for the recovering CSV reader (--on-error skip) and its lenient options (built by
/// scripts/fuzz.sh; csv_reader_fuzzer.cpp covers strict reading).
///
/// Input layout: byte 0 picks the delimiter, byte 1 the quote, byte 2 the options (bit 0 --ragged pad, bit 1
/// --quotes lenient, bit 2 --trim, bit 3 escape '\', bits 4-6 the read chunk size); the rest is the file.
/// Read twice (64 KiB block at once; 16-byte block fed a few bytes per read). Checked:
/// - only a Usage error for a dialect the reader refuses, no exception at all while reading (a recovering
///   reader hands every bad record to its handler), and both reads agree on every record and reject;
/// - the counts add up, against the input itself: walking the input from its start, every accepted record's
///   raw bytes and every reject's raw bytes follow one another, each followed by one line ending (LF, CRLF,
///   CR) or the end of input, each starting on the line its number says; what is left is only blank lines.
///   So records accepted + rejected = records, and no byte is lost, duplicated or reordered;
/// - an accepted record has the header's width (unless it is a blank line); a one-line accepted record read
///   again on its own, strictly, gives the same fields.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/line_endings.h"
#include "io/memory_stream.h"

namespace {

using ferry::Error;
using ferry::ErrorKind;
using ferry::formats::BadRecord;
using ferry::formats::CsvReader;
using ferry::formats::Dialect;

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "csv_recovery_fuzzer: %s %s\n", what, detail.c_str());
    std::abort();
}

void check(bool condition, const char* what, const std::string& detail = {}) {
    if (!condition) {
        fail(what, detail);
    }
}

struct Item {
    bool rejected = false;
    std::uint64_t line = 0;
    std::string raw;
    std::string reason;
    std::vector<std::string> fields; ///< value, with a leading 'q' or 'u' for quoted/unquoted
    bool operator==(const Item&) const = default;
};

std::vector<Item> read_all(std::string_view text, const Dialect& dialect, std::size_t buffer_size,
                           std::size_t chunk) {
    ferry::io::MemoryReadStream input(text, chunk);
    CsvReader reader(input, dialect, buffer_size);
    std::vector<Item> items;
    reader.set_bad_record_handler([&](const BadRecord& bad) {
        check(!bad.reason.empty(), "a reject without a reason");
        items.push_back({true, bad.line, std::string(bad.raw), std::string(bad.reason), {}});
    });
    std::size_t width = 0;
    try {
        while (reader.next()) {
            Item item{false, reader.line(), std::string(reader.raw_record()), {}, {}};
            for (const auto& field : reader.fields()) {
                item.fields.push_back((field.quoted ? "q" : "u") + std::string(field.value));
            }
            const bool blank = item.fields.size() == 1 && item.fields[0] == "u" && item.raw.empty();
            if (width == 0 && !blank) {
                width = item.fields.size();
            } else if (!blank) {
                check(item.fields.size() == width, "an accepted record of another width");
            }
            items.push_back(std::move(item));
        }
    } catch (const Error& error) {
        fail("a recovering reader threw:", error.what());
    }
    std::uint64_t accepted = 0;
    for (const auto& item : items) {
        accepted += !item.rejected;
    }
    check(reader.records_read() == accepted && reader.records_rejected() == items.size() - accepted,
          "the reader's counts differ from what it handed out");
    return items;
}

/// The input, walked item by item: see the file comment. `newline` is the line ending the reader chose
/// (formats/line_endings.h: LF, with CRLF, or a lone CR).
void check_coverage(std::string_view text, const std::vector<Item>& items, char newline) {
    std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    std::uint64_t line = 1;
    std::uint64_t previous_line = 0;
    for (const auto& item : items) {
        check(item.line > previous_line, "record lines do not increase");
        previous_line = item.line;
        check(item.line == line, "a record's line number is not where its bytes are",
              std::to_string(item.line) + " vs " + std::to_string(line));
        check(text.substr(at).starts_with(item.raw), "a record's raw bytes are not the next bytes of the input",
              item.raw);
        for (char c : item.raw) {
            line += c == newline;
        }
        at += item.raw.size();
        if (at == text.size()) {
            continue;
        }
        if (newline == '\n' && text.substr(at).starts_with("\r\n")) {
            at += 2;
        } else if (newline == '\n' && text.substr(at) == "\r") {
            at += 1; // the last record's CR without its LF
        } else {
            check(text[at] == newline, "a record is not followed by a line ending");
            at += 1;
        }
        ++line;
    }
    for (; at < text.size(); ++at) {
        check(text[at] == '\n' || text[at] == '\r', "bytes after the last record are not blank lines");
    }
}

char pick_delimiter(std::uint8_t byte) {
    static constexpr char kCommon[] = {',', '\t', ';', '|', ' ', ':'};
    return byte < 0xC0 ? kCommon[byte % sizeof(kCommon)] : static_cast<char>(byte);
}

char pick_quote(std::uint8_t byte) {
    static constexpr char kCommon[] = {'"', '"', '"', '\''};
    return byte < 0xC0 ? kCommon[byte % sizeof(kCommon)] : static_cast<char>(byte);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) {
        return 0;
    }
    Dialect dialect;
    dialect.delimiter = pick_delimiter(data[0]);
    dialect.quote = pick_quote(data[1]);
    dialect.leniency.pad_ragged = (data[2] & 1) != 0;
    dialect.leniency.literal_stray_quotes = (data[2] & 2) != 0;
    dialect.leniency.trim_leading_spaces = (data[2] & 4) != 0;
    dialect.escape = (data[2] & 8) != 0 ? '\\' : 0;
    static constexpr std::size_t kChunks[] = {1, 2, 3, 5, 8, 13, 64, 1000};
    const std::size_t chunk = kChunks[(data[2] >> 4) & 7] * (size > 256 ? 16 : 1);
    const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);

    try {
        ferry::io::MemoryReadStream probe(text);
        CsvReader reader(probe, dialect, 16);
    } catch (const Error& error) {
        check(error.kind() == ErrorKind::Usage, "reader refused a dialect without a Usage error:", error.what());
        return 0;
    }
    const auto whole = read_all(text, dialect, 64 << 10, SIZE_MAX);
    const auto pieces = read_all(text, dialect, 16, chunk);
    check(whole == pieces, "reading in small pieces differs from reading at once");
    std::string_view start = text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
    check_coverage(text, whole, *ferry::formats::uses_cr_line_endings(start, dialect.quote, true) ? '\r' : '\n');
    // A one-line accepted record (no padding added) read again alone, strictly, gives the same fields.
    for (const auto& item : whole) {
        if (item.rejected || item.raw.empty() || item.raw.find_first_of("\r\n") != std::string::npos ||
            dialect.leniency.pad_ragged || item.raw.starts_with("\xEF\xBB\xBF")) {
            continue;
        }
        ferry::io::MemoryReadStream again(item.raw);
        CsvReader reader(again, dialect, 16);
        try {
            check(reader.next(), "an accepted record reads as nothing on its own", item.raw);
            std::vector<std::string> fields;
            for (const auto& field : reader.fields()) {
                fields.push_back((field.quoted ? "q" : "u") + std::string(field.value));
            }
            check(fields == item.fields, "an accepted record reads differently on its own", item.raw);
        } catch (const Error& error) {
            fail("an accepted record fails on its own:", item.raw + " | " + error.what());
        }
    }
    return 0;
}
