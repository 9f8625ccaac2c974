/// Every type both ways on ClickHouse 26.5, with hostile values:
/// - import: a CSV file read by Ferry's CSV reader and insert encoder; the engine reads Ferry's bytes with
///   file(path, 'RowBinary' (or Ferry's text format), structure) and must get what it gets parsing the same
///   CSV itself: the same value and the same sipHash64 per row. The format Ferry chose is asserted, so a
///   type that falls back to text says so, and refused values must fail with a message naming column and
///   value.
/// - export: the engine writes TabSeparatedWithNamesAndTypes for Ferry's source SELECT; Ferry's result
///   stream and CSV writer turn it into a CSV file; the engine reads that file back and gets exactly the
///   rows it wrote.

#include <functional>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "clickhouse/insert_encoder.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text_probe.h"
#include "clickhouse/sql.h"
#include "common/error.h"
#include "formats/csv_reader.h"
#include "formats/csv_writer.h"
#include "io/memory_stream.h"
#include "modern/modern_test.h"
#include "modern/type_cases.h"
#include "pipeline/export_job.h"
#include "pipeline/native_result_stream.h"
#include "pipeline/result_stream.h"

namespace ferry::modern {
namespace {

/// The two-column rows of `csv` encoded by `encoder` (a failed value is a test failure naming its line);
/// `after_row(line, body)` runs after each row.
std::string encode_csv(clickhouse::InsertEncoder& encoder, const std::string& csv,
                       const std::function<void(std::uint64_t, std::string&)>& after_row = {}) {
    io::MemoryReadStream input(csv);
    formats::CsvReader reader(input, formats::Dialect{.delimiter = ',', .quote = '"', .header = false});
    std::string body;
    while (reader.next()) {
        const auto fields = reader.fields();
        if (fields.size() != 2u) {
            ADD_FAILURE() << "line " << reader.line() << ": " << fields.size() << " fields, expected 2";
            return body;
        }
        try {
            encoder.value(0, fields[0].value, fields[0].is_null(), body);
            encoder.value(1, fields[1].value, fields[1].is_null(), body);
            encoder.end_row(body);
        } catch (const Error& e) {
            ADD_FAILURE() << "line " << reader.line() << ": " << e.what();
            return body;
        }
        if (after_row) {
            after_row(reader.line(), body);
        }
    }
    return body;
}

using clickhouse::quote_string;

/// One CSV field as a careful writer would put it: quoted when it holds a delimiter, quote, CR or LF, is
/// empty (`""` is the empty string; an empty unquoted field is NULL) or starts or ends with a space (the
/// server trims those from unquoted fields, Ferry keeps them: see DifferencesTest).
std::string csv_field(const Value& value) {
    if (!value) {
        return "";
    }
    if (!value->empty() && value->find_first_of(",\"\r\n") == std::string::npos && value->front() != ' ' &&
        value->back() != ' ') {
        return *value;
    }
    std::string out = "\"";
    for (const char c : *value) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_of(const std::vector<Value>& values) {
    std::string csv;
    for (std::size_t i = 0; i < values.size(); ++i) {
        csv += std::to_string(i + 1) + "," + csv_field(values[i]) + "\n";
    }
    return csv;
}

/// Settings the test tables need on 26.5 (LowCardinality of a date is "suspicious" there).
constexpr const char* kSettings = " SETTINGS allow_suspicious_low_cardinality_types = 1";

class TypeTest : public ModernTest, public ::testing::WithParamInterface<TypeCase> {
protected:
    std::string structure() const { return "id UInt32, v " + GetParam().type; }

    /// The server's CSV format writes a Tuple as one field per element, and reads it so; Ferry (and the
    /// server's TabSeparated) keep a tuple in one field as its literal, `(1,'x')`. For tuples, the server's
    /// own reading of a CSV file is therefore the literal read as a String and CAST to the type.
    bool tuple_in_csv() const { return GetParam().type.starts_with("Tuple("); }
    std::string csv_structure() const { return tuple_in_csv() ? "id UInt32, v String" : structure(); }
    std::string csv_value() const {
        return tuple_in_csv() ? "CAST(v, " + quote_string(GetParam().type) + ")" : "v";
    }

    /// id, hash and text of each row of `from` (a table or table function), the value being `value`.
    std::string rows_of(const std::string& from, const std::string& value = "v") {
        return query(
            fmt::format("SELECT id, sipHash64({0}), {0} FROM {1} ORDER BY id{2}", value, from, kSettings));
    }

    /// Compares row by row so a failure names the value that differs.
    void expect_same_rows(const std::string& ferry, const std::string& server,
                          const std::vector<Value>& values) {
        const auto ferry_rows = split_tsv(ferry);
        const auto server_rows = split_tsv(server);
        ASSERT_EQ(ferry_rows.size(), values.size()) << ferry;
        ASSERT_EQ(server_rows.size(), values.size()) << server;
        for (std::size_t i = 0; i < values.size(); ++i) {
            EXPECT_EQ(ferry_rows[i], server_rows[i])
                << "value " << (values[i] ? "'" + printable_value(*values[i]) + "'" : "(missing)") << " of "
                << GetParam().type << ": Ferry's row is "
                << fmt::format("{}", fmt::join(ferry_rows[i], " | ")) << ", the engine's own "
                << fmt::format("{}", fmt::join(server_rows[i], " | "));
        }
    }

    /// Ferry's reading and encoding of the case's CSV compared with the server's reading of the CSV.
    void check_import(bool force_text);
    /// The same through the Native encoder, for the types it takes.
    void check_native_import();
};

void TypeTest::check_native_import() {
    const TypeCase& type_case = GetParam();
    std::string timezone = query("SELECT timezone()");
    timezone.pop_back();
    // LowCardinality as its plain type: this engine converts it (the probe's answer here, tested in
    // low_cardinality_native_test.cpp); file(..., 'Native', structure) reads it as an INSERT does.
    const auto encoder =
        clickhouse::make_native_insert_encoder({{"id", "UInt32"}, {"v", type_case.type}}, timezone, true);
    if (!encoder) {
        // Left to RowBinary / text: composites, and types without a binary encoding.
        const bool other = type_case.import_format != "RowBinary" ||
                           type_case.type.starts_with("Array(") || type_case.type.starts_with("Map(") ||
                           type_case.type.starts_with("Tuple(") || type_case.type.starts_with("Nested(");
        EXPECT_TRUE(other) << type_case.type << " has a RowBinary encoding but no Native one";
        return;
    }
    ASSERT_EQ(encoder->format(), "Native");
    const std::string csv = csv_of(type_case.values);
    std::string body = encode_csv(*encoder, csv, [&](std::uint64_t line, std::string& out) {
        if (line == 2) {
            encoder->end_block(out); // two blocks: a body is a series of them
        }
    });
    if (HasFailure()) {
        return;
    }
    encoder->end_block(body);
    const std::string ferry_file = write_file("ferry.native", body);
    const std::string csv_file = write_file("source.csv", csv);
    expect_same_rows(
        rows_of(fmt::format("file({}, 'Native', {})", quote_string(ferry_file), quote_string(structure()))),
        rows_of(fmt::format("file({}, 'CSV', {})", quote_string(csv_file), quote_string(csv_structure())),
                csv_value()),
        type_case.values);
}

void TypeTest::check_import(bool force_text) {
    const TypeCase& type_case = GetParam();
    const std::string csv = csv_of(type_case.values);
    std::string timezone = query("SELECT timezone()");
    timezone.pop_back();
    const auto encoder =
        clickhouse::make_insert_encoder({{"id", "UInt32"}, {"v", type_case.type}}, timezone, force_text);
    ASSERT_EQ(encoder->format(), force_text ? "TabSeparated" : type_case.import_format) << type_case.type;

    const std::string body = encode_csv(*encoder, csv);
    if (HasFailure()) {
        return;
    }
    const std::string ferry_file = write_file("ferry.bin", body);
    const std::string csv_file = write_file("source.csv", csv);
    expect_same_rows(
        rows_of(fmt::format("file({}, {}, {})", quote_string(ferry_file), quote_string(encoder->format()),
                            quote_string(structure()))),
        rows_of(fmt::format("file({}, 'CSV', {})", quote_string(csv_file), quote_string(csv_structure())),
                csv_value()),
        type_case.values);
}

TEST_P(TypeTest, ImportEncodesWhatTheServerParses) {
    check_import(false);
}

/// The text encoder is the fallback for whole inserts (one column without a binary encoding sends every
/// column as text), so every type goes through it too.
TEST_P(TypeTest, ImportAsTextEncodesWhatTheServerParses) {
    check_import(true);
}

TEST_P(TypeTest, ImportAsNativeEncodesWhatTheServerParses) {
    check_native_import();
}

TEST_P(TypeTest, ImportRefusesWhatItCannotEncodeExactly) {
    const TypeCase& type_case = GetParam();
    const auto encoder = clickhouse::make_insert_encoder({{"v", type_case.type}}, "UTC");
    for (const std::string& value : type_case.refused) {
        std::string body;
        try {
            encoder->value(0, value, false, body);
            ADD_FAILURE() << "'" << value << "' for " << type_case.type << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Data);
            EXPECT_TRUE(std::string(e.what()).starts_with("column v: '" + printable_value(value) + "'"))
                << e.what();
        }
    }
    // Types without refusals still must encode their missing value (NULL or the type's default).
    std::string body;
    encoder->value(0, "", true, body);
    EXPECT_FALSE(body.empty());
}

TEST_P(TypeTest, ExportWritesCsvTheServerReadsBackExactly) {
    const TypeCase& type_case = GetParam();
    std::vector<Value> values = type_case.values;
    values.insert(values.end(), type_case.export_only.begin(), type_case.export_only.end());
    const std::string csv_file = write_file("source.csv", csv_of(values));
    query("CREATE TABLE src (" + structure() + ") ENGINE = Memory" + kSettings);
    query(fmt::format("INSERT INTO src SELECT id, {} FROM file({}, 'CSV', {})", csv_value(),
                      quote_string(csv_file), quote_string(csv_structure())) +
          kSettings);

    // What the export job does with the response body, minus the HTTP client.
    std::string select = pipeline::source_select(pipeline::TableSource{"src", {}}, {}, 0);
    const std::string format = "TabSeparatedWithNamesAndTypes";
    ASSERT_TRUE(select.ends_with(" FORMAT " + format)) << select;
    select.resize(select.size() - format.size() - 8);
    const std::string response = query(select, format);

    io::StringWriteStream output;
    formats::CsvWriter writer(output, formats::Dialect{});
    std::size_t rows = 0;
    pipeline::ResultStream result(
        [&](const std::vector<std::string>& names) {
            for (const auto& name : names) {
                writer.field(name);
            }
            writer.end_row();
        },
        [&](std::span<const formats::TsvField> row) {
            writer.write_row(row);
            ++rows;
        });
    // In small pieces, as the body arrives from a socket.
    for (std::size_t offset = 0; offset < response.size(); offset += 7) {
        result.feed(std::string_view(response).substr(offset, 7));
    }
    result.finish();
    writer.flush();
    EXPECT_EQ(rows, values.size());
    ASSERT_TRUE(output.data().starts_with("id,v\n")) << output.data();

    const std::string exported = write_file("exported.csv", output.data());
    expect_same_rows(rows_of(fmt::format("file({}, 'CSVWithNames', {})", quote_string(exported),
                                         quote_string(csv_structure())),
                             csv_value()),
                     rows_of("src"), values);
}

/// The export's Native answer (pipeline/export_answer.h) against the TabSeparated one on 26.5: the engine
/// describes the source SELECT, Ferry's probe asks it what Ferry may format itself, the planned query is
/// answered in Native, and the CSV Ferry writes from it must be byte for byte the CSV it writes from the
/// TabSeparated answer. Every type but JSON, Variant and Dynamic has a plan (those stay TabSeparated).
TEST_P(TypeTest, ExportFromTheNativeAnswerWritesTheSameBytes) {
    const TypeCase& type_case = GetParam();
    std::vector<Value> values = type_case.values;
    values.insert(values.end(), type_case.export_only.begin(), type_case.export_only.end());
    const std::string csv_file = write_file("source.csv", csv_of(values));
    query("CREATE TABLE src (" + structure() + ") ENGINE = Memory" + kSettings);
    query(fmt::format("INSERT INTO src SELECT id, {} FROM file({}, 'CSV', {})", csv_value(),
                      quote_string(csv_file), quote_string(csv_structure())) +
          kSettings);
    const std::string select =
        pipeline::source_query(pipeline::TableSource{"src", {}}, {}, 0) + " ORDER BY id";

    const auto write_csv = [&](auto& result, const std::string& answer, std::string& output_bytes) {
        for (std::size_t offset = 0; offset < answer.size(); offset += 7) {
            result.feed(std::string_view(answer).substr(offset, 7));
        }
        result.finish();
        (void)output_bytes;
    };
    // The TabSeparated answer, as exports read it before.
    io::StringWriteStream text_output;
    {
        formats::CsvWriter writer(text_output, formats::Dialect{});
        pipeline::ResultStream result(
            [&](const std::vector<std::string>& names) {
                for (const auto& name : names) {
                    writer.field(name);
                }
                writer.end_row();
            },
            [&](std::span<const formats::TsvField> row) { writer.write_row(row); });
        std::string unused;
        write_csv(result, query(select, "TabSeparatedWithNamesAndTypes"), unused);
        writer.flush();
    }

    // The Native answer.
    const clickhouse::NativeTextProbe::Runner run = [](const std::string& sql) {
        const auto at = sql.rfind(" FORMAT ");
        try {
            return engine().query(sql.substr(0, at), sql.substr(at + 8));
        } catch (const ChdbError& error) {
            throw Error(ErrorKind::Query, error.what());
        }
    };
    std::vector<std::string> names;
    std::vector<std::string> types;
    clickhouse::parse_describe(run(clickhouse::describe_select_sql(select)), names, types);
    clickhouse::NativeTextProbe probe(run);
    const auto plan = clickhouse::plan_native_select(select, names, types, probe.support_for(types));
    // Types whose TabSeparated text depends on the value's kind only TabSeparated carries.
    if (type_case.type == "JSON" || type_case.type.starts_with("Variant(") || type_case.type == "Dynamic") {
        EXPECT_FALSE(plan.has_value()) << type_case.type;
        return;
    }
    ASSERT_TRUE(plan.has_value()) << type_case.type;
    std::string native_sql = plan->sql;
    ASSERT_TRUE(native_sql.ends_with(" FORMAT Native"));
    native_sql.resize(native_sql.size() - 14);
    std::string settings;
    for (const auto& [name, value] : plan->settings) {
        settings += (settings.empty() ? " SETTINGS " : ", ") + name + " = " + value;
    }
    io::StringWriteStream native_output;
    {
        formats::CsvWriter writer(native_output, formats::Dialect{});
        for (const auto& name : names) {
            writer.field(name);
        }
        writer.end_row();
        pipeline::NativeResultStream result(
            *plan, [&](std::span<const formats::TsvField> row) { writer.write_row(row); },
            [](const std::string& sql) {
                const auto at = sql.rfind(" FORMAT ");
                return engine().query(sql.substr(0, at), sql.substr(at + 8));
            });
        std::string unused;
        write_csv(result, query(native_sql + settings, "Native"), unused);
        writer.flush();
    }
    EXPECT_EQ(native_output.data(), text_output.data()) << type_case.type << ": " << plan->sql;
}

/// What 26.5 lets Ferry format itself: floats (its shortest forms, zmij/dragonbox and integer paths, lay
/// out as 18.16's double-conversion did for every probed value), Decimals without trailing zeros, Date 0
/// as 1970-01-01, DateTime in a zone as Ferry does.
TEST_F(ModernTest, TheProbeFindsWhatThisEngineWritesLikeFerry) {
    clickhouse::NativeTextProbe probe([](const std::string& sql) {
        const auto at = sql.rfind(" FORMAT ");
        return engine().query(sql.substr(0, at), sql.substr(at + 8));
    });
    EXPECT_TRUE(probe.floats());
    EXPECT_EQ(probe.decimal_trailing_zeros(), std::optional<bool>(false));
    EXPECT_FALSE(probe.zero_as_zeros());
    EXPECT_NE(probe.zone("Europe/Berlin"), nullptr);
    EXPECT_TRUE(probe.edges_exact("Europe/Berlin")); // no edge texts to ask for on 26.5
    EXPECT_TRUE(probe.edges_exact(""));
}

} // namespace

/// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const TypeCase& type_case, std::ostream* out) {
    *out << type_case.type;
}

namespace {

INSTANTIATE_TEST_SUITE_P(Types, TypeTest, ::testing::ValuesIn(type_cases()),
                         [](const ::testing::TestParamInfo<TypeCase>& info) { return info.param.name; });

} // namespace
} // namespace ferry::modern
