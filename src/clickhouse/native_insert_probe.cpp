#include "clickhouse/native_insert_probe.h"

#include <iterator>

#include <boost/algorithm/hex.hpp>

#include "clickhouse/insert_encoder.h"
#include "common/error.h"

namespace ferry::clickhouse {

bool native_plain_into_low_cardinality(const std::function<std::string(const std::string& sql)>& run) {
    // Two rows that tell a dictionary mix-up apart: a value, the empty string (the dictionary's default)
    // and NULL.
    const auto encoder = make_native_insert_encoder({{"s", "String"}, {"n", "Nullable(String)"}}, "UTC");
    std::string block;
    encoder->value(0, "x", false, block);
    encoder->value(1, "y", false, block);
    encoder->end_row(block);
    encoder->value(0, "", false, block);
    encoder->value(1, "", true, block);
    encoder->end_row(block);
    encoder->end_block(block);
    std::string hex;
    boost::algorithm::hex(block.begin(), block.end(), std::back_inserter(hex));
    std::string answer;
    try {
        answer = run("SELECT s, n FROM format(Native, 's LowCardinality(String), n LowCardinality(Nullable(String))', "
                     "unhex('" + hex + "')) FORMAT TabSeparated");
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::Query) {
            throw;
        }
        return false;
    }
    return answer == "x\ty\n\t\\N\n";
}

} // namespace ferry::clickhouse
