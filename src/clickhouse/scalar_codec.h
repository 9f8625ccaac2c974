#pragma once
/// One column of a scalar type Ferry understands: reads the text of a value strictly, then writes it either
/// as RowBinary bytes or as canonical TabSeparated text that every server version parses the same way
/// (18.16 rejects "+5", "1e3" for Int32, Enum numbers, ...). Built once per column; the per-value path is a
/// switch on a small enum and appends to the output without allocating.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clickhouse/time_zone.h"
#include "clickhouse/type.h"
#include "clickhouse/value_text.h"

namespace ferry::clickhouse {

class ScalarCodec {
public:
    /// The codec for `type`, or nullopt when it is not a scalar Ferry encodes itself (Array, Map, Tuple,
    /// IPv4/IPv6, Nothing, unknown families). Nullable and LowCardinality wrappers are looked through. An
    /// empty `column` makes a codec for elements of composite values: its messages then start at the value
    /// ("'x' is not a valid Int32"), for the composite codec to put in context.
    static std::optional<ScalarCodec> make(std::string column, const Type& type);

    /// True for DateTime and DateTime64: their civil times convert to unix time as UTC unless a zone's rules
    /// are given with set_time_zone().
    bool has_time_zone() const { return kind_ == Kind::DateTime || kind_ == Kind::DateTime64; }
    /// The zone argument of a DateTime type, empty when it uses the server's.
    const std::string& time_zone() const { return time_zone_; }
    /// Converts civil times of a DateTime with `zone`'s rules instead of as UTC. False (and no change) for
    /// DateTime64: Ferry has no server with DateTime64 to check ClickHouse's conversion against (its range
    /// reaches 1900, before the years verified), so those values go as text.
    bool set_time_zone(std::shared_ptr<const TimeZone> zone);
    bool nullable() const { return nullable_; }
    /// Whether ClickHouse quotes this type's values inside Array, Tuple and Map literals ('a', '2020-01-01',
    /// enum names) rather than writing them bare (numbers, Decimal, Bool).
    bool quoted_in_literal() const;

    /// Appends the RowBinary encoding. `is_null` writes NULL for a Nullable type, else the type's default.
    void write_binary(std::string_view text, bool is_null, std::string& out) const;
    /// Appends the value as a row of a Native column: for a Nullable type its null flag to `null_map` and the
    /// value (the type's default for NULL) to `data`, which is how Native lays out Nullable columns (the
    /// whole null map, then the whole nested column); otherwise as write_binary() to `data`.
    void write_native(std::string_view text, bool is_null, std::string& null_map, std::string& data) const;
    /// Appends the canonical TabSeparated text (escaped), \N for NULL, the default literal for a missing
    /// value of a non-Nullable type.
    void write_text(std::string_view text, bool is_null, std::string& out) const;

private:
    enum class Kind : std::uint8_t {
        Int8,
        Int16,
        Int32,
        Int64,
        UInt8,
        UInt16,
        UInt32,
        UInt64,
        WideInt, ///< Int128/UInt128/Int256/UInt256: width_ bytes, unsigned_
        Float32,
        Float64,
        Bool,
        String,
        FixedString,
        Date,
        Date32,
        DateTime,
        DateTime64,
        Decimal, ///< width_ bytes, precision_, scale_
        UUID,
        Enum8,
        Enum16,
    };

    ScalarCodec() = default;

    void write_binary_value(std::string_view text, std::string& out) const;
    void write_binary_default(std::string& out) const;
    void write_text_value(std::string_view text, std::string& out) const;
    void write_text_default(std::string& out) const;

    std::int64_t date_days(std::string_view text) const;
    /// Unix time in units of 10^-precision_ s; civil times are read in zone_, or as UTC without one.
    std::int64_t unix_ticks(std::string_view text) const;
    std::int16_t enum_value(std::string_view text) const;
    const std::string& enum_name(std::int16_t value) const;

    /// Throws Error(Data) "column <name>: '<text>' <problem>" (or "'<text>' <problem>" for an element codec).
    [[noreturn]] void fail(std::string_view text, std::string_view problem) const;
    [[noreturn]] void fail(std::string_view text, ParseStatus status) const;
    void check(std::string_view text, ParseStatus status) const {
        if (status != ParseStatus::Ok) {
            fail(text, status);
        }
    }

    Kind kind_ = Kind::String;
    bool nullable_ = false;
    bool unsigned_ = false;
    std::uint8_t width_ = 0;
    int precision_ = 0;
    int scale_ = 0;
    std::size_t length_ = 0;
    std::string column_;
    std::string type_name_; ///< the type without Nullable/LowCardinality, for messages
    std::string time_zone_;
    std::shared_ptr<const TimeZone> zone_; ///< for DateTime in a zone that is not UTC
    std::vector<std::pair<std::string, std::int16_t>> enum_by_name_;  ///< sorted by name
    std::vector<std::pair<std::int16_t, std::string>> enum_by_value_; ///< sorted by value
};

} // namespace ferry::clickhouse
