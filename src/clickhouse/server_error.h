#pragma once
/// Reading ClickHouse's exception text (private to the clickhouse module).

#include <optional>
#include <string>
#include <string_view>

namespace ferry::clickhouse {

struct ServerError {
    int code = 0;        ///< 0 when the text carries no code
    std::string message; ///< the exception message without the code, type, stack trace and version
};

/// Parses an error body in the formats of ClickHouse 18.x-19.x
///   "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception"
/// and 20.x+
///   "Code: 60. DB::Exception: Table x does not exist. (UNKNOWN_TABLE) (version 23.8.1.1)".
/// Text in neither format is returned whole (trimmed) with code 0.
ServerError parse_server_error(std::string_view body);

/// Finds an exception that the server appended to a response it had already started sending with status
/// 200: a last line beginning "Code: NNN" that parses as an exception. `tail` is the end of the body.
std::optional<ServerError> find_trailing_exception(std::string_view tail);

/// True for the codes that mean the credentials were refused: 192 UNKNOWN_USER, 193 WRONG_PASSWORD,
/// 194 REQUIRED_PASSWORD, 516 AUTHENTICATION_FAILED.
bool is_auth_error_code(int code);

} // namespace ferry::clickhouse
