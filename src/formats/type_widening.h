#pragma once
/// The type of a column that two samples typed differently, e.g. the files of one import: file 1's sample
/// says Int64 and file 7's says Float64. The result holds every value that either type held, exactly, or
/// is a String: Int64 or UInt64 with Float64 -> Float64; Decimals of different scales, or a Decimal with
/// an integer or Float64 -> Float64; Int64 with UInt64 -> String (no 64-bit type holds both a negative
/// number and one above INT64_MAX); DateTime or DateTime64 of the same zone -> the finer precision
/// (DateTime64(3) with DateTime64(6) -> DateTime64(6)); any other pair of different types (a Date and a DateTime, a number and
/// a date) -> String, as type_detector.h decides for a column that mixes them. Nullable when either is.
/// Works on the type names type_detector.h gives, so it does not depend on how a sample was read.

#include <string>
#include <string_view>

namespace ferry::formats {

std::string widen_type(std::string_view a, std::string_view b);
/// "Int64" -> "Nullable(Int64)"; a Nullable type stays as it is.
std::string as_nullable(std::string_view type);

} // namespace ferry::formats
