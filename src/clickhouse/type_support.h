#pragma once
/// Which of the newer data types a server has, probed rather than assumed from its version, and how an
/// inferred type is written for a server without them: Bool (21.12+) becomes UInt8, DateTime64 (20.1+)
/// becomes String (the text kept exactly rather than truncated to seconds).

#include <string>

#include "clickhouse/http_client.h"

namespace ferry::clickhouse {

struct TypeSupport {
    bool bool_type = false;
    bool datetime64 = false;
};

/// One query on system.data_type_families; a server without that table has neither type.
TypeSupport probe_type_support(HttpClient& client);

/// `type` (possibly Nullable(...)) as `support` allows.
std::string adapt_type(const std::string& type, const TypeSupport& support);

} // namespace ferry::clickhouse
