#pragma once
/// Refusing an accidental second load: an import of a file that was already loaded into the same table
/// (same host, port, database and table; same file by pipeline::FileFingerprint) is answered 409 unless
/// the request says "again": true. A load of it that is still queued or running counts too: a double
/// click must not load the rows twice. A multi-file import is a re-run when it has the same set of files
/// (each by its fingerprint, in any order); a set with one file more or less, or one file edited, is not.

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "pipeline/file_fingerprint.h"
#include "pipeline/transfer.h"

namespace ferry::server {

/// The newest record (of `records`, newest first) of a completed, queued or running import of the same
/// files (`fingerprints`, one per input file) into the same table; nullopt when there is none. For a
/// replace (`request.mode`) only queued and running ones count.
std::optional<boost::json::object> find_previous_load(const std::vector<boost::json::object>& records,
                                                      const pipeline::ImportRequest& request,
                                                      const std::vector<pipeline::FileFingerprint>& fingerprints);

/// "people.csv was already loaded into `people` at 2024-05-01 12:03:04 UTC (200,000 rows, job 5f0c3a9e);
/// to load it again, send "again": true"; for several files "3 files (a.csv, b.csv, c.csv) were ...".
std::string previous_load_message(const boost::json::object& previous);

} // namespace ferry::server
