/// libFuzzer target for the CSV reader, the width check and the schema sniffer (built by scripts/fuzz.sh).
///
/// Input layout: byte 0 picks the delimiter, byte 1 the quote, byte 2 the header flag, the read chunk size
/// and the sample size; the rest is the file. The same bytes are read twice: once through a 64 KiB block in
/// one read, once through the smallest block fed a few bytes per read, so every refill path runs. Checked:
/// - both reads give the same records, fields, line numbers and error (the refill logic loses nothing);
/// - only ferry::Error(Data) "line N: ..." escapes, with context.line == N (anything else aborts);
/// - an unquoted field never holds the delimiter or the line ending in use; record lines strictly increase;
/// - writing the records with CsvWriter and reading them back gives the same records;
/// - the schema sniffer returns unique names and only its documented types, and every value it types as
///   Int64/UInt64 prints back identically, every Float64 parses to a finite double.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/csv_writer.h"
#include "formats/line_endings.h"
#include "formats/schema_sniffer.h"
#include "formats/type_detector.h"
#include "io/memory_stream.h"

namespace {

using ferry::Error;
using ferry::ErrorKind;
using ferry::formats::CsvReader;
using ferry::formats::Dialect;

constexpr std::size_t kWholeBlock = 64 << 10;

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "csv_reader_fuzzer: %s %s\n", what, detail.c_str());
    std::abort();
}

void check(bool condition, const char* what, const std::string& detail = {}) {
    if (!condition) {
        fail(what, detail);
    }
}

struct ParsedField {
    std::string value;
    bool quoted = false;
    bool operator==(const ParsedField&) const = default;
};

struct ParsedRecord {
    std::uint64_t line = 0;
    std::vector<ParsedField> fields;
    bool operator==(const ParsedRecord&) const = default;
};

struct ParseResult {
    std::vector<ParsedRecord> records;
    std::string error; ///< empty when the whole input was read
    bool operator==(const ParseResult&) const = default;
};

/// A Data error must read "line N: ..." and carry N as its line.
void check_data_error(const Error& error) {
    check(error.kind() == ErrorKind::Data, "non-Data error from the reader:", error.what());
    check(error.context().line.has_value(), "Data error without a line:", error.what());
    const std::string prefix = "line " + std::to_string(*error.context().line) + ": ";
    check(std::string_view(error.what()).starts_with(prefix),
          "error does not start with its line:", error.what());
}

ParseResult parse(std::string_view text, const Dialect& dialect, std::size_t buffer_size, std::size_t chunk) {
    // The line ending the reader uses (formats/line_endings.h): LF, or CR for a CR-only input.
    const std::string_view start = text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
    const char newline = *ferry::formats::uses_cr_line_endings(start, dialect.quote, true) ? '\r' : '\n';
    ferry::io::MemoryReadStream input(text, chunk);
    CsvReader reader(input, dialect, buffer_size);
    ParseResult result;
    std::size_t width = 0;
    try {
        while (reader.next()) {
            ParsedRecord record;
            record.line = reader.line();
            check(!reader.fields().empty(), "a record without fields");
            if (!result.records.empty()) {
                check(record.line > result.records.back().line, "record lines do not increase");
            }
            for (const auto& field : reader.fields()) {
                if (!field.quoted) {
                    check(field.value.find(dialect.delimiter) == std::string_view::npos &&
                              field.value.find(newline) == std::string_view::npos,
                          "an unquoted field holds a delimiter or the line ending");
                }
                record.fields.push_back({std::string(field.value), field.quoted});
            }
            if (result.records.empty()) {
                width = record.fields.size();
            }
            try {
                reader.expect_field_count(width);
                check(record.fields.size() == width, "expect_field_count accepted a wrong width");
            } catch (const Error& error) {
                check_data_error(error);
                check(record.fields.size() != width, "expect_field_count rejected the right width");
            }
            result.records.push_back(std::move(record));
            check(reader.raw_bytes_read() <= text.size(), "read more bytes than the input has");
        }
    } catch (const Error& error) {
        check_data_error(error);
        result.error = error.what();
    }
    return result;
}

/// Writes the records with CsvWriter and reads them back. Skipped where the formats' documented rules make
/// the round trip lossy on purpose: a quote that is a line ending, a leading BOM (skipped on read), and
/// records of one NULL field at the end (blank lines at the end are not records).
void check_round_trip(const ParseResult& parsed, const Dialect& dialect) {
    if (!parsed.error.empty() || parsed.records.empty() || dialect.quote == '\n' || dialect.quote == '\r') {
        return;
    }
    auto records = parsed.records;
    while (!records.empty() && records.back().fields.size() == 1 && !records.back().fields[0].quoted &&
           records.back().fields[0].value.empty()) {
        records.pop_back();
    }
    if (records.empty()) {
        return;
    }
    ferry::io::StringWriteStream out;
    ferry::formats::CsvWriter writer(out, dialect);
    for (const auto& record : records) {
        for (const auto& field : record.fields) {
            if (!field.quoted && field.value.empty()) {
                writer.null_field();
            } else {
                writer.field(field.value);
            }
        }
        writer.end_row();
    }
    writer.flush();
    if (out.data().starts_with("\xEF\xBB\xBF")) {
        return; // e.g. quote 0xEF before a value "\xBB\xBF": read back as a BOM, by design
    }
    const ParseResult again = parse(out.data(), dialect, kWholeBlock, SIZE_MAX);
    check(again.error.empty(), "re-reading written records failed:", again.error);
    check(again.records.size() == records.size(), "round trip changed the record count");
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto& a = records[r].fields;
        const auto& b = again.records[r].fields;
        check(a.size() == b.size(), "round trip changed a record's width");
        for (std::size_t f = 0; f < a.size(); ++f) {
            // The writer quotes by need, so only value and NULL-ness must survive.
            const bool a_null = !a[f].quoted && a[f].value.empty();
            const bool b_null = !b[f].quoted && b[f].value.empty();
            check(a[f].value == b[f].value && a_null == b_null, "round trip changed a field");
        }
    }
}

void check_detected_type(std::string_view value) {
    using ferry::formats::ValueType;
    switch (ferry::formats::detect_value_type(value)) {
    case ValueType::Int64: {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        check(ec == std::errc() && end == value.data() + value.size() && std::to_string(n) == value,
              "Int64 value does not print back:", std::string(value));
        break;
    }
    case ValueType::UInt64: {
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        check(ec == std::errc() && end == value.data() + value.size() && std::to_string(n) == value &&
                  n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()),
              "UInt64 value does not print back:", std::string(value));
        break;
    }
    case ValueType::Float64: {
        double d = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
        check(ec == std::errc() && end == value.data() + value.size() && std::isfinite(d),
              "Float64 value is not a finite double:", std::string(value));
        break;
    }
    default:
        break;
    }
}

void check_schema(std::string_view text, const Dialect& dialect, std::size_t sample_rows,
                  const ParseResult& parsed) {
    ferry::io::MemoryReadStream input(text);
    CsvReader reader(input, dialect, kWholeBlock);
    try {
        const auto schema = ferry::formats::infer_schema(reader, dialect, sample_rows);
        static const std::set<std::string> kTypes = {"Int64", "UInt64",   "Float64", "Bool",
                                                     "Date",  "DateTime", "String"};
        std::set<std::string> names;
        for (const auto& column : schema) {
            const bool nullable = column.type.starts_with("Nullable(") && column.type.ends_with(")");
            const std::string base = nullable ? column.type.substr(9, column.type.size() - 10) : column.type;
            check(kTypes.contains(base) || base.starts_with("DateTime64(") || base.starts_with("Decimal(18, "),
                  "unexpected inferred type:", column.type);
            check(names.insert(column.name).second, "duplicate inferred column name:", column.name);
        }
        if (!parsed.records.empty()) {
            check(schema.size() == parsed.records.front().fields.size(), "schema width differs from record");
        } else {
            check(schema.empty(), "schema of an empty input has columns");
        }
    } catch (const Error& error) {
        // Duplicate header names carry no "line N:" prefix but do carry the line.
        check(error.kind() == ErrorKind::Data, "non-Data error from the sniffer:", error.what());
        check(error.context().line.has_value(), "sniffer error without a line:", error.what());
    }
    for (const auto& record : parsed.records) {
        for (const auto& field : record.fields) {
            check_detected_type(field.value);
        }
    }
}

char pick_delimiter(std::uint8_t byte) {
    static constexpr char kCommon[] = {',', '\t', ';', '|', ' ', ':', '\x01', 'a'};
    return byte < 0xC0 ? kCommon[byte % sizeof(kCommon)] : static_cast<char>(byte);
}

char pick_quote(std::uint8_t byte) {
    static constexpr char kCommon[] = {'"', '"', '"', '\'', '`', '\\'};
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
    dialect.header = (data[2] & 1) != 0;
    // Tiny reads exercise every refill path but cost a pass over the record's fields each (CsvReader keeps
    // its field views valid across refills), so long inputs get longer reads to keep the fuzzer fast.
    static constexpr std::size_t kChunks[] = {1, 2, 3, 5, 8, 13, 64, 1000};
    const std::size_t chunk = kChunks[(data[2] >> 1) & 7] * (size > 256 ? 16 : 1);
    const std::size_t sample_rows = 1 + (data[2] >> 4);
    const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);

    const bool valid_dialect =
        dialect.delimiter != '\n' && dialect.delimiter != '\r' && dialect.delimiter != dialect.quote;
    try {
        ferry::io::MemoryReadStream probe(text);
        CsvReader reader(probe, dialect, 16);
        check(valid_dialect, "reader accepted an invalid dialect");
    } catch (const Error& error) {
        check(!valid_dialect && error.kind() == ErrorKind::Usage,
              "reader refused a valid dialect:", error.what());
        return 0;
    }

    // A block larger than any input (fuzz.sh caps inputs at 4 KiB) reads everything at once; allocating
    // the default 1 MiB block per run would make the fuzzer ten times slower.
    const ParseResult whole = parse(text, dialect, kWholeBlock, SIZE_MAX);
    const ParseResult pieces = parse(text, dialect, 16, chunk);
    if (!(whole == pieces)) {
        fail("reading in small pieces differs from reading at once:",
             whole.error + " | " + pieces.error + " | records " + std::to_string(whole.records.size()) +
                 " vs " + std::to_string(pieces.records.size()));
    }
    check_round_trip(whole, dialect);
    check_schema(text, dialect, sample_rows, whole);
    return 0;
}
