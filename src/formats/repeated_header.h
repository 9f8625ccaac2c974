#pragma once
/// A record identical to the file's header, found again below it: what concatenated exports, reports and
/// spreadsheets saved page by page leave in a file (`cat a.csv b.csv`, BigQuery's sharded exports). It is
/// never data: read as a row it loads the column names as values into an all-text table (silently wrong),
/// and into a typed one it is a bad row. So readers leave it out and count it (docs/dirty-rows.md,
/// "Repeated header rows"), unless the dialect says to keep it (`--repeated-headers keep`).
///
/// Identical means the same number of fields, each with the same value as the header's (quoting aside:
/// `"id",name` repeats `id,name`). A header with no name at all (every field empty) is never matched, so a
/// blank or empty row is not taken for one.

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
            values_.emplace_back(field.value);
            named_ = named_ || !field.value.empty();
        }
    }
    /// True when `record` repeats the header set last.
    template <typename Field> bool matches(std::span<const Field> record) const {
        if (!named_ || record.size() != values_.size()) {
            return false;
        }
        for (std::size_t i = 0; i < record.size(); ++i) {
            if (std::string_view(record[i].value) != values_[i]) {
                return false;
            }
        }
        return true;
    }

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
