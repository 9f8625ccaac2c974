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

/// How a job commits, as reported with it. Until the pipeline reports its own strategy (issue 9), these
/// are the values of the one way it works today: an import stages rows and attaches them, an export
/// writes a temporary file and renames it; both all-or-nothing.
struct LoadFacts {
    std::string strategy; ///< "staging_attach" (imports), "atomic_rename" (exports)
    bool atomic = true;   ///< all-or-nothing holds: a failure or cancel leaves the target as it was
};
LoadFacts load_facts(bool is_import);

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
