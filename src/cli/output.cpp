#include "cli/output.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "common/utf8.h"
#include "io/wire_codec.h"

namespace ferry::cli {

namespace {

/// Display width: counts UTF-8 code points, not bytes, so accented names stay aligned.
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// A cell as shown in a terminal: NULL spelled out, and control bytes escaped so that a hostile file cannot
/// move the cursor or recolour the screen.
std::string cell_text(const Cell& cell) {
    if (!cell) {
        return "NULL";
    }
    std::string text;
    for (char c : *cell) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            text += "\\n";
        } else if (c == '\t') {
            text += "\\t";
        } else if (c == '\r') {
            text += "\\r";
        } else if (byte < 0x20 || byte == 0x7f) {
            text += fmt::format("\\x{:02x}", byte);
        } else {
            text += c;
        }
    }
    return text;
}

} // namespace

void print_text_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<Cell>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& name : header) {
        widths.push_back(display_width(name));
    }
    std::vector<std::vector<std::string>> texts;
    for (const auto& row : rows) {
        auto& line = texts.emplace_back();
        for (std::size_t i = 0; i < row.size(); ++i) {
            line.push_back(cell_text(row[i]));
            if (i < widths.size()) {
                widths[i] = std::max(widths[i], display_width(line.back()));
            }
        }
    }
    auto print_line = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += cells[i];
            if (i + 1 < cells.size()) {
                line += std::string(widths[i] - std::min(widths[i], display_width(cells[i])) + 2, ' ');
            }
        }
        out << line << '\n';
    };
    print_line(header);
    std::vector<std::string> rule;
    for (auto width : widths) {
        rule.push_back(std::string(width, '-'));
    }
    print_line(rule);
    for (const auto& line : texts) {
        print_line(line);
    }
}

void print_json_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<Cell>>& rows, const boost::json::object& extra) {
    boost::json::object result;
    auto& columns = result["columns"].emplace_array();
    for (const auto& name : header) {
        columns.emplace_back(to_valid_utf8(name));
    }
    auto& json_rows = result["rows"].emplace_array();
    for (const auto& row : rows) {
        boost::json::array line;
        for (const auto& cell : row) {
            if (cell) {
                line.emplace_back(to_valid_utf8(*cell));
            } else {
                line.emplace_back(nullptr);
            }
        }
        json_rows.emplace_back(std::move(line));
    }
    for (const auto& member : extra) {
        result[member.key()] = member.value();
    }
    out << boost::json::serialize(result) << '\n';
}

void print_json_summary(std::ostream& out, const pipeline::TransferResult& result,
                        const pipeline::Progress* progress, bool import, const formats::Leniency* leniency) {
    out << fmt::format("{{\"rows\": {}, \"bytes\": {}, \"seconds\": {:.3f}", result.rows, result.bytes,
                       result.seconds);
    if (import) {
        // Always there for an import, so scripts can check rows + rejected = records.
        out << fmt::format(", \"rejected\": {}, \"records\": {}", result.rejected, result.rows + result.rejected);
        if (result.inference_skipped > 0) {
            out << fmt::format(", \"inference_skipped\": {}", result.inference_skipped);
        }
        if (result.repeated_headers.count > 0) {
            out << fmt::format(", \"repeated_headers\": {}", result.repeated_headers.count);
        }
        if (leniency != nullptr && leniency->any()) {
            // The lenient reading options in effect, named as in the API's dialect (docs/dirty-rows.md).
            std::vector<std::string> on;
            if (leniency->pad_ragged) {
                on.emplace_back("\"ragged\": \"pad\"");
            }
            if (leniency->literal_stray_quotes) {
                on.emplace_back("\"quotes\": \"lenient\"");
            }
            if (leniency->trim_leading_spaces) {
                on.emplace_back("\"trim\": true");
            }
            out << fmt::format(", \"lenient\": {{{}}}", fmt::join(on, ", "));
        }
    } else if (result.rejected > 0) {
        out << fmt::format(", \"rejected\": {}", result.rejected);
    }
    if (result.files > 0) {
        out << fmt::format(", \"files\": {}", result.files);
    }
    if (progress != nullptr && progress->files_total > 0) {
        out << fmt::format(", \"files_done\": {}, \"files_total\": {}", progress->files_done.load(),
                           progress->files_total.load());
    }
    if (!result.manifest.empty()) {
        std::string path;
        for (const char c : result.manifest.string()) {
            if (c == '"' || c == '\\') {
                path += '\\';
            }
            path += c;
        }
        out << fmt::format(", \"manifest\": \"{}\"", path);
    }
    if (result.plan.kind != pipeline::StrategyKind::None) {
        out << fmt::format(", \"strategy\": \"{}\", \"atomic\": {}", pipeline::to_string(result.plan.kind),
                           result.plan.atomic);
    }
    out << fmt::format(", \"wire_bytes\": {}, \"codec\": \"{}\"", result.wire_bytes,
                       io::wire_name(result.codec));
    out << "}\n";
}

std::string human_bytes(double bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1000 && unit < 4) {
        bytes /= 1000;
        ++unit;
    }
    return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[unit]);
}

} // namespace ferry::cli
