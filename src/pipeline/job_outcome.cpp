#include "pipeline/job_outcome.h"

#include <fmt/format.h>

namespace ferry::pipeline {

LoadFacts load_facts(bool is_import, const Progress& progress) {
    if (!is_import) {
        return LoadFacts{"atomic_rename", true};
    }
    const auto strategy = progress.strategy.load();
    return LoadFacts{strategy == StrategyKind::None ? "" : std::string(to_string(strategy)), progress.atomic.load()};
}

JobError job_error(const Error& error, std::string message, const std::filesystem::path* import_file,
                   std::uint64_t rows_committed) {
    JobError out{error.kind(), std::move(message), error.context().line, {}};
    if (import_file == nullptr || !out.line) {
        return out;
    }
    out.file = *import_file;
    // The import's errors start "line N: "; the line moves into "stopped at line N".
    std::string_view reason = out.message;
    const auto prefix = fmt::format("line {}: ", *out.line);
    if (reason.starts_with(prefix)) {
        reason.remove_prefix(prefix.size());
    }
    out.message = fmt::format("{} rows loaded; stopped at line {}: {}", rows_committed, *out.line, reason);
    return out;
}

} // namespace ferry::pipeline
