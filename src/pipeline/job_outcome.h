#pragma once
/// What a job record says a finished job did, decided in one place so that the counts are honest: a
/// failed or cancelled all-or-nothing import committed 0 rows whatever it had read, and says where it
/// stopped ("0 rows loaded; stopped at line 7: ...").

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/error.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

/// How a job commits, as reported with it: for an import the strategy its load plan chose (empty until
/// chosen), for an export "atomic_rename" (a temporary file renamed over the target).
struct LoadFacts {
    std::string strategy; ///< "staging_attach", "staging_copy", "direct" (imports), "atomic_rename" (exports)
    bool atomic = true;   ///< all-or-nothing holds: a failure or cancel leaves the target as it was
};
LoadFacts load_facts(bool is_import, const Progress& progress);

/// A job's failure as its record shows it.
struct JobError {
    ErrorKind kind = ErrorKind::Internal;
    std::string message;
    std::optional<std::uint64_t> line; ///< the input line where an import stopped
    std::filesystem::path file;        ///< the input file that line is in (imports), else empty
};

/// The record's error for a failed transfer. For an import that stopped at a line of its input the
/// message says so and what was loaded: "0 rows loaded; stopped at line 7: column n: cannot parse 'x'
/// as UInt8". `message` is already free of secrets.
JobError job_error(const Error& error, std::string message, const std::filesystem::path* import_file,
                   std::uint64_t rows_committed);

} // namespace ferry::pipeline
