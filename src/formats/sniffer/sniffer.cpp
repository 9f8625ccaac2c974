#include "formats/sniffer/sniffer.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "common/error.h"
#include "formats/csv_error.h"
#include "formats/line_endings.h"
#include "formats/sniffer/dialect_detection.h"
#include "formats/repeated_header.h"
#include "formats/sniffer/extra_header_rows.h"
#include "formats/sniffer/encoding_detection.h"
#include "formats/sniffer/header_detection.h"
#include "formats/sniffer/sample_rows.h"
#include "formats/sniffer/type_detection.h"
#include "formats/sniffer/type_outliers.h"

namespace ferry::formats {

using namespace sniffer;

namespace {

constexpr std::size_t kMaxSniffedBadRows = 20; // a sample needs fewer than a preview (formats::kMaxBadRows)

/// Offset just after the `lines`-th line ending of `text` (its end if there are fewer).
std::size_t offset_after_lines(std::string_view text, std::size_t lines) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < lines; ++i) {
        const auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            return text.size();
        }
        pos = nl + 1;
    }
    return pos;
}

std::size_t leading_blank_or_comment_lines(std::string_view text) {
    std::size_t lines = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            break;
        }
        const std::string_view line = text.substr(pos, nl - pos);
        if (!(line.empty() || line == "\r" || line.starts_with('#'))) {
            break;
        }
        ++lines;
        pos = nl + 1;
    }
    return lines;
}

bool starts_with_byte(const SampleRow& row, char c) {
    return !row.fields.empty() && !row.fields[0].quoted && row.fields[0].value.starts_with(c);
}

/// '#' when a line inside the table starts with it and would not read as a row of the table's width: notes
/// between rows. Lines starting with '#' that fit the width are data (a column of "#ff0000" colours).
char comment_char(const std::vector<SampleRow>& rows) {
    std::size_t first = 0;
    while (first < rows.size() && (rows[first].blank() || rows[first].comment())) {
        ++first;
    }
    if (first == rows.size()) {
        return 0;
    }
    const std::size_t width = rows[first].fields.size();
    for (std::size_t i = first + 1; i < rows.size(); ++i) {
        if (rows[i].comment() && rows[i].fields.size() != width) {
            return '#';
        }
    }
    return 0;
}

/// A quoted sample value as CsvReader reads it: doubled quotes, and with an escape `\"` and `\\`, collapsed.
std::string unescape(const SampleField& field, char quote, char escape) {
    if (!field.quoted) {
        return std::string(field.value);
    }
    std::string out;
    const auto& v = field.value;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const bool pair = i + 1 < v.size() &&
                          ((v[i] == quote && v[i + 1] == quote) ||
                           (escape != 0 && v[i] == escape && (v[i + 1] == quote || v[i + 1] == escape)));
        out += pair ? v[++i] : v[i];
    }
    return out;
}

/// Header names as header_names() gives them: empty cells are c<N>, duplicates are an error.
std::vector<std::string> names_of(const SampleRow& row, char quote, char escape) {
    std::vector<std::string> names;
    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& field : row.fields) {
        std::string name = field.value.empty() ? fmt::format("c{}", names.size() + 1) : unescape(field, quote, escape);
        const std::size_t column = names.size() + 1;
        if (const auto [it, inserted] = seen.emplace(name, column); !inserted) {
            ErrorContext context;
            context.line = row.line;
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

/// True when nearly every row (9 in 10 of those of the table's width, at least 2) of a table of 2+ columns has
/// a space at the start of each of its non-empty fields after the first: a file written `a, b, c`, which --trim reads as meant. Quoted
/// fields after a space then read as quoted, and numbers as numbers.
bool spaces_after_delimiter(const std::vector<SampleRow>& rows, std::size_t width, char delimiter) {
    if (width < 2 || delimiter == ' ' || rows.size() < 2) {
        return false;
    }
    // Rows of another width do not count: untrimmed, `a, "b, c"` splits inside the quotes.
    std::size_t spaced = 0;
    std::size_t fitting = 0;
    for (const auto& row : rows) {
        if (row.fields.size() != width) {
            continue;
        }
        ++fitting;
        bool all = true;
        bool any = false;
        for (std::size_t i = 1; all && i < row.fields.size(); ++i) {
            const auto& field = row.fields[i];
            if (field.is_null()) {
                continue;
            }
            all = !field.quoted && field.value.starts_with(' ') && field.value.find_first_not_of(' ') != std::string_view::npos;
            any = true;
        }
        spaced += all && any;
    }
    return fitting >= 2 && spaced * 10 >= fitting * 9;
}

} // namespace

struct Sniffer::Table {
    Dialect dialect;
    std::size_t sampled_rows = 0;
    double confidence = 0;
    std::size_t width = 0;
    std::vector<SniffedColumn> columns;
    std::vector<BadRow> bad_rows;
    std::size_t bad_row_count = 0;
    std::size_t repeated_headers = 0;
    bool spaces_after_delimiter = false; ///< fields after the first start with a space in nearly every row
};

Sniffer::Sniffer(io::FileSample sample, char default_delimiter)
    : sample_(std::move(sample)), default_delimiter_(default_delimiter) {}

Sniffer::Table Sniffer::read_table(const DialectChoice& choice, bool leave_out_type_outliers) const {
    Table table;
    Dialect& d = table.dialect;

    // Encoding: the start decides, a block further in can still show the file is not UTF-8.
    EncodingGuess encoding = detect_encoding(sample_.start);
    if (encoding.encoding == io::TextEncoding::Utf8 && !encoding.bom) {
        for (const auto& block : sample_.blocks) {
            // A block may begin inside a character: skip up to three continuation bytes.
            std::size_t from = 0;
            while (from < 3 && from < block.size() && (static_cast<unsigned char>(block[from]) & 0xC0) == 0x80) {
                ++from;
            }
            if (looks_single_byte(std::string_view(block).substr(from))) {
                encoding = detect_encoding(block);
                break;
            }
        }
    }
    d.encoding = choice.encoding.value_or(encoding.encoding);
    std::string text = io::decode_to_utf8(sample_.start, d.encoding);
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.erase(0, 3);
    }
    // A CR-only file is sniffed as the reader will read it (line_endings.h): its lines end at each CR.
    const bool cr_lines = *uses_cr_line_endings(text, choice.quote.value_or('"'), true);
    if (cr_lines) {
        cr_to_lf(text);
    }
    d.leniency = choice.leniency;
    d.keep_repeated_headers = choice.keep_repeated_headers;
    const bool whole = sample_.whole_file;

    const DialectGuess guess =
        detect_dialect(text, whole, choice.delimiter, choice.quote, default_delimiter_, choice.escape);
    d.delimiter = guess.delimiter;
    d.quote = guess.quote;
    d.escape = guess.escape;
    std::size_t skip = guess.skip_lines;
    if (choice.delimiter &&
        detect_dialect(text, whole, std::nullopt, choice.quote, default_delimiter_).delimiter != *choice.delimiter) {
        // Under a delimiter the file does not seem to use, a narrower first row is no evidence of a title
        // (it is the header, split wrongly): skip only blank and # lines.
        skip = leading_blank_or_comment_lines(text);
    }
    d.skip_lines = choice.skip_lines.value_or(skip);
    table.confidence = guess.confidence * encoding.confidence;

    const std::string_view body = std::string_view(text).substr(offset_after_lines(text, d.skip_lines));
    const bool trim = d.leniency.trim_leading_spaces;
    auto rows = split_rows(body, d.delimiter, d.quote, SIZE_MAX, whole, d.escape, trim);
    if (!d.leniency.literal_stray_quotes) {
        mark_stray_quotes(rows, d.quote);
    }
    for (auto& row : rows) {
        row.line += d.skip_lines;
    }
    d.comment = choice.comment.value_or(comment_char(rows));
    // Blank lines inside the table are reported below, not typed; comment lines are not records.
    std::vector<SampleRow> table_rows;
    table_rows.reserve(rows.size());
    for (auto& row : rows) {
        if (d.comment != 0 && starts_with_byte(row, d.comment)) {
            continue;
        }
        if (!row.blank() || !table_rows.empty()) {
            table_rows.push_back(std::move(row));
        }
    }
    while (!table_rows.empty() && table_rows.back().blank()) {
        table_rows.pop_back(); // blank lines at the end are not records (csv_reader.h)
    }
    if (table_rows.empty()) {
        d.header = choice.header.value_or(true);
        d.decimal_comma = choice.decimal_comma.value_or(false);
        return table;
    }
    const std::size_t width = table_rows[0].fields.size();
    table.width = width;
    // Rows identical to the first (a header repeated by concatenated files) are left out of the header and type
    // detection, as the readers leave them out of the data (repeated_header.h); with keep_repeated_headers they
    // are typed again below, once the header is decided. Harmless without a header: a first data row repeated
    // types as itself.
    RepeatedHeader first_row;
    first_row.set(std::span<const SampleField>(table_rows[0].fields));
    const auto repeats_first = [&](const SampleRow& row) {
        return !row.malformed && row.open_quote_line == 0 && first_row.matches(std::span<const SampleField>(row.fields));
    };
    std::vector<SampleRow> repeats;
    {
        const auto kept = std::stable_partition(table_rows.begin() + 1, table_rows.end(),
                                                [&](const SampleRow& row) { return !repeats_first(row); });
        repeats.assign(std::make_move_iterator(kept), std::make_move_iterator(table_rows.end()));
        table_rows.erase(kept, table_rows.end());
    }
    table.spaces_after_delimiter = !trim && spaces_after_delimiter(table_rows, width, d.delimiter);

    // Rows from blocks further in: each starts after its first line ending; a block that mostly does not
    // split into rows of the table's width began inside a quoted field and is left out.
    std::vector<std::string> decoded_blocks;
    std::vector<SampleRow> block_rows;
    const bool single_byte = d.encoding != io::TextEncoding::Utf16Le && d.encoding != io::TextEncoding::Utf16Be;
    // With no whole record in the start (records longer than the sample), a block is likely inside one
    // long field and its "rows" are that field's text: blocks are not used then.
    if (single_byte && table_rows.size() >= 2) {
        for (const auto& block : sample_.blocks) {
            decoded_blocks.push_back(io::decode_to_utf8(block, d.encoding));
            if (cr_lines) {
                cr_to_lf(decoded_blocks.back());
            }
        }
        for (const auto& block : decoded_blocks) {
            const auto nl = block.find('\n');
            if (nl == std::string::npos) {
                continue;
            }
            auto rows_here = split_rows(std::string_view(block).substr(nl + 1), d.delimiter, d.quote, SIZE_MAX, false,
                                       d.escape, trim);
            if (d.comment != 0) {
                std::erase_if(rows_here, [&](const SampleRow& row) { return starts_with_byte(row, d.comment); });
            }
            std::size_t fitting = 0;
            for (const auto& row : rows_here) {
                fitting += row.fields.size() == width && !row.malformed;
            }
            if (fitting * 10 >= rows_here.size() * 9) {
                if (!d.leniency.literal_stray_quotes) {
                    mark_stray_quotes(rows_here, d.quote);
                }
                for (auto& row : rows_here) {
                    if (repeats_first(row)) {
                        repeats.push_back(std::move(row));
                        continue;
                    }
                    block_rows.push_back(std::move(row));
                }
            }
        }
    }

    const bool comma_possible = d.delimiter != ',' && choice.decimal_comma.value_or(true);
    std::span<const SampleRow> after_first(table_rows.data() + 1, table_rows.size() - 1);
    const auto add_blocks = [&](std::vector<ColumnTypeDetector>& detectors) {
        for (const auto& row : block_rows) {
            if (row.fields.size() != width || row.malformed) {
                continue;
            }
            for (std::size_t i = 0; i < width; ++i) {
                row.fields[i].is_null() ? detectors[i].add_null() : detectors[i].add(row.fields[i].value);
            }
        }
    };
    auto detectors = detect_types(after_first, width, comma_possible);
    add_blocks(detectors);
    const HeaderGuess header = detect_header(table_rows[0], detectors, after_first);
    d.header = choice.header.value_or(header.header);
    // Units or descriptions below the header are left out of the types (and reported as bad rows below).
    const std::size_t extra_headers = d.header ? extra_header_rows(after_first, width, comma_possible) : 0;
    if (extra_headers > 0) {
        after_first = after_first.subspan(extra_headers);
        detectors = detect_types(after_first, width, comma_possible);
        add_blocks(detectors);
    }
    if (!d.header) {
        const auto& first = table_rows[0];
        for (std::size_t i = 0; i < width && i < first.fields.size(); ++i) {
            first.fields[i].is_null() ? detectors[i].add_null() : detectors[i].add(first.fields[i].value);
        }
    }
    d.decimal_comma = choice.decimal_comma.value_or(comma_possible && uses_decimal_comma(detectors));
    if (comma_possible && !d.decimal_comma) {
        // Typed again without decimal commas, so "1,5" is text.
        std::vector<SampleRow> all(table_rows.begin() + (d.header ? 1 + extra_headers : 0), table_rows.end());
        all.insert(all.end(), block_rows.begin(), block_rows.end());
        detectors = detect_types(all, width, false);
    }

    // A lone value that makes a column a String (type_outliers.h): named in the note, or - skipping bad rows -
    // its row left out of the types like a row that does not parse.
    std::vector<SampleRow> typed_rows(table_rows.begin() + (d.header ? 1 + extra_headers : 0), table_rows.end());
    typed_rows.insert(typed_rows.end(), block_rows.begin(), block_rows.end());
    const bool typed_with_comma = comma_possible && d.decimal_comma;
    const std::size_t start_rows = typed_rows.size() - block_rows.size(); // the rest have no file line
    if (d.header && !d.keep_repeated_headers) {
        table.repeated_headers = repeats.size();
    } else if (!repeats.empty()) {
        // Loaded as data (or, without a header, duplicates of the first row): typed as data.
        typed_rows.insert(typed_rows.end(), repeats.begin(), repeats.end());
        detectors = detect_types(typed_rows, width, typed_with_comma);
    }
    const auto outliers = type_outliers(typed_rows, width, typed_with_comma);
    // "line 57", or for a row of a block further in (whose line is not known) "a row further in".
    const auto where = [&](const TypeOutlier& outlier) {
        return outlier.row < start_rows ? fmt::format("line {}", outlier.line) : std::string("a row further in");
    };
    if (leave_out_type_outliers && !outliers.empty()) {
        std::vector<bool> out(typed_rows.size(), false);
        for (const auto& outlier : outliers) {
            out[outlier.row] = true;
        }
        std::vector<SampleRow> kept;
        for (std::size_t i = 0; i < typed_rows.size(); ++i) {
            if (!out[i]) {
                kept.push_back(std::move(typed_rows[i]));
            }
        }
        detectors = detect_types(kept, width, typed_with_comma);
    }

    table.sampled_rows = table_rows.size() - (d.header ? 1 : 0) + block_rows.size();
    std::vector<std::string> names;
    if (d.header) {
        names = names_of(table_rows[0], d.quote, d.escape);
    } else {
        for (std::size_t i = 1; i <= width; ++i) {
            names.push_back(fmt::format("c{}", i));
        }
    }
    for (std::size_t i = 0; i < width; ++i) {
        const ColumnType type = detectors[i].result();
        table.columns.push_back({names[i], type.type, type.format, type.note});
    }
    for (const auto& outlier : outliers) {
        auto& note = table.columns[outlier.column].note;
        if (!note.empty()) {
            continue; // the first outlier of a column is named; one is what makes the point
        }
        note = leave_out_type_outliers
                   ? fmt::format("{} without {} ('{}'), a value that does not fit: that row is rejected",
                                 outlier.type_without, where(outlier), printable_value(outlier.value))
                   : fmt::format("String because of {} ('{}'); the other {} sampled values are {} (with "
                                 "--on-error skip the column is {} and that row is rejected)",
                                 where(outlier), printable_value(outlier.value), outlier.others, outlier.type_without,
                                 outlier.type_without);
    }
    for (const auto& outlier : leave_out_type_outliers ? outliers : std::vector<TypeOutlier>{}) {
        ++table.bad_row_count;
        if (table.bad_rows.size() < kMaxSniffedBadRows && outlier.row < start_rows) {
            table.bad_rows.push_back({outlier.line, fmt::format("column {}: '{}' does not fit the {} of the other "
                                                                "{} sampled values",
                                                                names[outlier.column], printable_value(outlier.value),
                                                                outlier.type_without, outlier.others)});
        }
    }
    for (std::size_t i = d.header ? 1 : 0; i < table_rows.size(); ++i) {
        const auto& row = table_rows[i];
        const bool header_row = d.header && i <= extra_headers;
        if (row.open_quote_line != 0 || row.malformed || row.fields.size() != width || header_row) {
            ++table.bad_row_count; // counted all; described up to kMaxSniffedBadRows
        }
        if (table.bad_rows.size() >= kMaxSniffedBadRows) {
            continue;
        }
        if (header_row) {
            table.bad_rows.push_back({row.line, "looks like another header row (units or a description): its "
                                                "values fit none of the column types below it"});
            continue;
        }
        // Worded as the CSV reader words them (csv_error.h), since an import would stop there.
        if (row.open_quote_line != 0) {
            table.bad_rows.push_back(
                {row.line, fmt::format("unterminated quoted field starting at line {}", row.open_quote_line)});
        } else if (row.stray_quote_field != 0) {
            table.bad_rows.push_back(bad_row_of(csv_error::stray_quote(row.line, row.stray_quote_field, d.quote)));
        } else if (row.malformed) {
            const bool after_backslash = d.escape == 0 && row.malformed_field >= 1 &&
                                         row.malformed_field <= row.fields.size() &&
                                         row.fields[row.malformed_field - 1].value.ends_with('\\');
            table.bad_rows.push_back(bad_row_of(csv_error::text_after_closing_quote(
                row.line, row.malformed_field, row.after_quote, d.quote, after_backslash)));
        } else if (row.fields.size() != width) {
            table.bad_rows.push_back(
                {row.line, fmt::format("expected {} fields, found {}", width, row.fields.size())});
        }
    }
    return table;
}

SniffResult Sniffer::sniff(const DialectChoice& choice, bool leave_out_type_outliers) const {
    SniffResult result;
    Table used = read_table(choice, leave_out_type_outliers);
    const bool chose_any = choice.delimiter || choice.quote || choice.header || choice.skip_lines ||
                           choice.encoding || choice.decimal_comma || choice.escape || choice.comment;
    Table detected = chose_any ? read_table({}) : used;
    result.dialect = used.dialect;
    result.detected = detected.dialect;
    result.confidence = detected.confidence;
    result.columns = std::move(used.columns);
    result.bad_rows = std::move(used.bad_rows);
    result.bad_row_count = used.bad_row_count;
    result.repeated_headers = used.repeated_headers;
    result.sampled_rows = used.sampled_rows;
    result.whole_file = sample_.whole_file;

    const Dialect& u = result.dialect;
    const Dialect& s = result.detected;
    if (choice.delimiter && u.delimiter != s.delimiter && detected.width > 1 && detected.confidence >= 0.5 &&
        detected.width > used.width) {
        result.warning = fmt::format("This file looks {}-delimited - use that?", delimiter_name(s.delimiter));
        result.suggestion = fmt::format("the file looks {}-delimited: try --delimiter {}",
                                        delimiter_name(s.delimiter), delimiter_name(s.delimiter));
    } else if (choice.encoding && u.encoding != s.encoding) {
        result.warning = fmt::format("This file looks {}-encoded - use that?", io::to_string(s.encoding));
        result.suggestion = fmt::format("the file looks {}-encoded: try --encoding {}", io::to_string(s.encoding),
                                        io::to_string(s.encoding));
    } else if (choice.header && u.header != s.header && u.delimiter == s.delimiter) {
        result.warning = s.header ? "This file looks like it has a header line - use that?"
                                  : "This file's first line looks like data, not a header - read it as data?";
    } else if (choice.skip_lines && u.skip_lines != s.skip_lines) {
        result.warning = fmt::format("The table in this file looks like it starts after {} line{} - skip them?",
                                     s.skip_lines, s.skip_lines == 1 ? "" : "s");
        result.suggestion = fmt::format("the table looks like it starts after {} lines: try --skip-lines {}",
                                        s.skip_lines, s.skip_lines);
    } else if (used.spaces_after_delimiter) {
        // Never turned on by itself (docs/dirty-rows.md, "Lenient options"), but proposed like the rest.
        result.propose_trim = true;
        result.warning = fmt::format("Values in this file start with a space after each {} - drop those spaces?",
                                     delimiter_name(u.delimiter));
        result.suggestion = fmt::format("values start with a space after each {}: try --trim",
                                        delimiter_name(u.delimiter));
    }
    return result;
}

} // namespace ferry::formats
