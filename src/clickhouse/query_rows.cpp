#include "clickhouse/query_rows.h"

#include <algorithm>

#include "clickhouse/value_text.h"
#include "common/error.h"

namespace ferry::clickhouse {

namespace {

/// ClickHouse's TabSeparated escapes (\t \n \\ and friends). Kept here rather than shared with formats/,
/// which the clickhouse module must not depend on.
Field unescape_field(std::string_view text) {
    if (text == "\\N") {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char c = text[++i];
        // \\ \' and any other escaped character stand for themselves.
        out += control_escape(c).value_or(c);
    }
    return out;
}

} // namespace

std::vector<Row> parse_tsv(std::string_view body) {
    std::vector<Row> rows;
    while (!body.empty()) {
        const std::size_t end = std::min(body.find('\n'), body.size());
        const std::string_view line = body.substr(0, end);
        body.remove_prefix(std::min(end + 1, body.size()));
        Row row;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            row.push_back(unescape_field(line.substr(start, tab - start)));
            if (tab == std::string_view::npos) {
                break;
            }
            start = tab + 1;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Row> query_rows(HttpClient& client, const std::string& sql, std::size_t columns) {
    auto rows = parse_tsv(client.query(sql + " FORMAT TabSeparated"));
    for (const auto& row : rows) {
        if (row.size() < columns) {
            throw Error(ErrorKind::Internal, "unexpected answer from ClickHouse to: " + sql);
        }
    }
    return rows;
}

} // namespace ferry::clickhouse
