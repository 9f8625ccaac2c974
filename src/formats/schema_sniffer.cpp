#include "formats/schema_sniffer.h"

#include <fmt/format.h>

#include <unordered_map>

#include "common/error.h"
#include "formats/repeated_header.h"
#include "formats/type_detector.h"

namespace ferry::formats {

namespace {} // namespace

std::vector<std::string> header_names(CsvReader& reader) {
    std::vector<std::string> names;
    std::unordered_map<std::string, std::size_t> seen; // name -> 1-based column
    for (const Field& field : reader.fields()) {
        // An empty header cell gets the name it would have without a header.
        std::string name =
            field.value.empty() ? fmt::format("c{}", names.size() + 1) : std::string(field.value);
        const std::size_t column = names.size() + 1;
        if (const auto [it, inserted] = seen.emplace(name, column); !inserted) {
            ErrorContext context;
            context.line = reader.line();
            context.column = name;
            throw Error(ErrorKind::Data,
                        fmt::format("duplicate column name '{}' in header (columns {} and {})",
                                    printable_value(name), it->second, column),
                        std::move(context));
        }
        names.push_back(std::move(name));
    }
    return names;
}

std::vector<ColumnSchema> infer_schema(CsvReader& reader, const Dialect& dialect, std::size_t sample_rows,
                                       std::vector<BadRow>* bad_rows) {
    std::vector<std::string> names;
    bool have_record = reader.next();
    if (!have_record) {
        return {};
    }
    // A bad record is recorded and skipped when the caller collects them; the reader cannot resume after
    // broken quoting, so that ends the sample.
    const auto next = [&] {
        try {
            return reader.next();
        } catch (const Error& error) {
            if (bad_rows == nullptr || error.kind() != ErrorKind::Data) {
                throw;
            }
            if (bad_rows->size() < kMaxBadRows) {
                bad_rows->push_back(bad_row_of(error));
            }
            return false;
        }
    };
    RepeatedHeader header; // rows repeating it are left out of the types, as imports leave them out
    if (dialect.header) {
        header.set(reader.fields());
        names = header_names(reader);
        have_record = next();
    } else {
        for (std::size_t i = 1; i <= reader.fields().size(); ++i) {
            names.push_back(fmt::format("c{}", i));
        }
    }

    std::vector<ColumnTypeDetector> detectors(names.size(),
                                              ColumnTypeDetector(dialect.decimal_comma && dialect.delimiter != ','));
    for (std::size_t row = 0; have_record && row < sample_rows; ++row) {
        if (bad_rows != nullptr && reader.fields().size() != names.size()) {
            try {
                reader.expect_field_count(names.size());
            } catch (const Error& error) {
                if (bad_rows->size() < kMaxBadRows) {
                    bad_rows->push_back(bad_row_of(error));
                }
            }
            have_record = row + 1 < sample_rows && next();
            continue;
        }
        reader.expect_field_count(names.size());
        const auto fields = reader.fields();
        if (!dialect.keep_repeated_headers && header.matches(fields)) {
            have_record = row + 1 < sample_rows && next();
            continue;
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].is_null()) {
                detectors[i].add_null();
            } else {
                detectors[i].add(fields[i].value);
            }
        }
        if (row + 1 < sample_rows) {
            have_record = next();
        }
    }

    std::vector<ColumnSchema> schema;
    schema.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto type = detectors[i].result();
        schema.push_back(ColumnSchema{std::move(names[i]), type.type, type.format, type.note});
    }
    return schema;
}

} // namespace ferry::formats
