#pragma once
/// How the CLI prints results: aligned text tables for people, JSON for programs.

#include <boost/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/transfer.h"

namespace ferry::cli {

using Cell = std::optional<std::string>; ///< nullopt prints as NULL

void print_text_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<Cell>>& rows);
/// `{"columns": [...], "rows": [...]}` plus the `extra` members.
void print_json_table(std::ostream& out, const std::vector<std::string>& header,
                      const std::vector<std::vector<Cell>>& rows, const boost::json::object& extra = {});
/// `{"rows": N, "bytes": B, "seconds": S, ...}` on one line; with `progress`, also "files_done" and
/// "files_total" (files read by an import, written by a split export) when it counted files. An `import`
/// always has "rejected" and "records" (= rows + rejected: every record read), "repeated_headers" when header
/// rows repeated below the header were left out, and "lenient" ({"ragged": "pad", "quotes": "lenient",
/// "trim": true}, the ones on) when `leniency` has any.
void print_json_summary(std::ostream& out, const pipeline::TransferResult& result,
                        const pipeline::Progress* progress = nullptr, bool import = false,
                        const formats::Leniency* leniency = nullptr);
std::string human_bytes(double bytes);

} // namespace ferry::cli
