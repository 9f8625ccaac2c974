#pragma once
/// The text ClickHouse's TabSeparated output carries for a value (before TSV escaping), made by Ferry from
/// the value's Native bytes: what lets an export read the server's cheap Native answer and still write
/// the very bytes the TSV answer gave. Only types whose text Ferry can make exactly have a formatter:
///     integers up to 64 bits, String, FixedString, Date, DateTime (in a zone whose rules Ferry can
///     reproduce: time_zone.h), UUID, Enum8/16 and Nullable of those; and, when a probe of the server
///     agrees (native_text_probe.h), Float32/Float64 (ClickHouse 18.16's double-conversion shortest form)
///     and Decimal up to 128 bits (with or without trailing zeros).
/// Everything else is turned into text by the server (native_select.h).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clickhouse/native_block_reader.h"
#include "clickhouse/time_zone.h"

namespace ferry::clickhouse {

/// One value's text, or NULL.
struct NativeText {
    std::string_view text;
    bool is_null = false;
};

struct NativeTextOptions {
    /// DateTime columns: the zone of the column, or the server's for a DateTime without one.
    std::shared_ptr<const TimeZone> zone;
    /// Decimal: keep the zeros at the end of the fraction ("1.50"; 18.16 always, newer servers with
    /// output_format_decimal_trailing_zeros = 1) or drop them ("1.5", and "3" for 3.00).
    bool decimal_trailing_zeros = true;
    /// Date 0 and DateTime 0 (1970-01-01 00:00:00 UTC) are written as "0000-00-00" and
    /// "0000-00-00 00:00:00" (18.16), not as the date they are (newer servers).
    bool zero_as_zeros = false;
};

class NativeColumnText {
public:
    virtual ~NativeColumnText() = default;
    /// Sets `out[row]` for every row of `column`; texts stay valid until the next call.
    virtual void format(const NativeColumn& column, std::size_t rows, std::vector<NativeText>& out) = 0;
};

/// Whether Ferry has a formatter for values of `value_type` (no Nullable around it). Floats and Decimal are
/// listed (their probe is the caller's business); DateTime needs a zone in NativeTextOptions.
bool has_native_text(std::string_view value_type);

/// The formatter for a column of `type` (Nullable allowed). Throws Error(Internal) when there is none.
std::unique_ptr<NativeColumnText> make_native_text(std::string_view type, const NativeTextOptions& options);

/// The pieces, for tests and the probe. Each appends to `out` what ClickHouse writes.
void append_float64_text(double value, std::string& out);
void append_float32_text(float value, std::string& out);
void append_decimal_text(__int128 value, int scale, bool trailing_zeros, std::string& out);
void append_date_text(std::int64_t days, std::string& out);
void append_date_time_text(std::int64_t local_seconds, std::string& out);
void append_uuid_text(const char* bytes, std::string& out);

} // namespace ferry::clickhouse
