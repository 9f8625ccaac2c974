#include "pipeline/transfer.h"

#include <fmt/format.h>

#include <chrono>

#include "clickhouse/http_client.h"
#include "common/error.h"
#include "pipeline/export_job.h"
#include "pipeline/import_job.h"

namespace ferry::pipeline {

std::string_view to_string(Phase phase) {
    switch (phase) {
    case Phase::Queued:
        return "Queued";
    case Phase::Connecting:
        return "Connecting";
    case Phase::Fetching:
        return "Fetching";
    case Phase::Ingesting:
        return "Ingesting";
    case Phase::Completed:
        return "Completed";
    case Phase::Failed:
        return "Error";
    case Phase::Cancelled:
        return "Cancelled";
    }
    return "Error";
}

namespace {

/// Runs a transfer body, timing it and recording the final phase whatever happens.
template <typename Body> TransferResult timed(Progress& progress, Body&& body) {
    const auto start = std::chrono::steady_clock::now();
    try {
        TransferResult result = body();
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress.phase = Phase::Completed;
        return result;
    } catch (const Error& error) {
        progress.phase = error.kind() == ErrorKind::Cancelled ? Phase::Cancelled : Phase::Failed;
        throw;
    } catch (...) {
        progress.phase = Phase::Failed;
        throw;
    }
}

} // namespace

TransferResult run_import(const ImportRequest& request, Progress& progress, const CancelToken& cancel) {
    try {
        return timed(progress, [&] { return ImportJob(request, progress, cancel).run(); });
    } catch (const Error& error) {
        // A parse error under a dialect the sniffer doubts says what to try instead.
        if (error.kind() != ErrorKind::Data || request.file.suggestion.empty()) {
            throw;
        }
        throw Error(error.kind(), std::string(error.what()) + " (" + request.file.suggestion + ")",
                    error.context());
    }
}

TransferResult run_export(const ExportRequest& request, Progress& progress, const CancelToken& cancel) {
    return timed(progress, [&] { return ExportJob(request, progress, cancel).run(); });
}

} // namespace ferry::pipeline
