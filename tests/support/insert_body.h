#pragma once
/// Sends `body` as the data of `insert_sql` (an INSERT ... FORMAT X) through HttpClient::insert.

#include <algorithm>
#include <cstring>
#include <string>

#include "clickhouse/http_client.h"

namespace ferry::test {

inline void insert_body(clickhouse::HttpClient& client, const std::string& insert_sql, const std::string& body) {
    std::size_t offset = 0;
    client.insert(insert_sql, [&](char* dst, std::size_t capacity) {
        const std::size_t size = std::min(capacity, body.size() - offset);
        std::memcpy(dst, body.data() + offset, size);
        offset += size;
        return size;
    });
}

} // namespace ferry::test
