#pragma once
/// A record identical to the file's header, found again below it: what concatenated exports, reports and
/// spreadsheets saved page by page leave in a file (`cat a.csv b.csv`, BigQuery's sharded exports). It is
/// never data: read as a row it loads the column names as values into an all-text table (silently wrong),
/// and into a typed one it is a bad row. So readers leave it out and count it (docs/dirty-rows.md,
/// "Repeated header rows"), unless the dialect says to keep it (`--repeated-headers keep`).
///
/// Identical means the same number of fields, each with the header's value up to ASCII case and spaces or
/// tabs around it (quoting aside): `"id",name`, `ID,Name` and `id , name` all repeat `id,name` (files
/// joined from exports of different tools, or edited by hand, differ so). A header with no name at all
/// (every field empty or blank) is never matched, so a blank or empty row is not taken for one.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::formats {

class RepeatedHeader {
public:
    /// Remembers the header's values (copied: readers reuse their buffers). `Field` has `.value`.
    template <typename Field> void set(std::span<const Field> header) {
        values_.clear();
        named_ = false;
        for (const auto& field : header) {
            values_.push_back(folded(field.value));
            named_ = named_ || !values_.back().empty();
        }
    }
    /// True when `record` repeats the header set last.
    template <typename Field> bool matches(std::span<const Field> record) const {
        if (!named_ || record.size() != values_.size()) {
            return false;
        }
        for (std::size_t i = 0; i < record.size(); ++i) {
            if (!same_name(values_[i], record[i].value)) {
                return false;
            }
        }
        return true;
    }

    /// `value` without the spaces and tabs around it, ASCII letters in lower case.
    static std::string folded(std::string_view value);
    /// Whether `value` is `folded_name` (a folded() value) up to ASCII case and surrounding blanks.
    static bool same_name(std::string_view folded_name, std::string_view value);

private:
    std::vector<std::string> values_;
    bool named_ = false;
};

/// Where repeated headers were left out, for messages: the first few places and how many there were.
struct RepeatedHeaders {
    static constexpr std::size_t kPlacesKept = 3;
    std::uint64_t count = 0;
    std::vector<std::string> places; ///< "line 12" or "b.csv line 12", the first kPlacesKept

    void add(std::string place) {
        if (places.size() < kPlacesKept) {
            places.push_back(std::move(place));
        }
        ++count;
    }
    /// "3 repeated header rows left out (line 12, line 40, line 77)"; "" when none.
    std::string describe() const;
};

} // namespace ferry::formats
