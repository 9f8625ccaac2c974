#pragma once
/// What an export must know before its first row, asked on a connection of its own: the server's join
/// features (joins only), the SELECT built with them, and describe_export()'s names, types and text probe.
/// None of it depends on the wire codec, so it runs in a thread while the export's own client connects and
/// chooses its codec (probes and the link measurement). Each of those requests is a round trip: over the
/// 20-50 ms of a link to a cloud server, the ~14 requests of an export's start cost 0.3-0.7 s in series;
/// in two lanes, about the longer lane (measured: see bench/README.md, "Startup round trips").

#include <cstdint>
#include <future>
#include <string>

#include "clickhouse/join_support.h"
#include "common/cancel.h"
#include "pipeline/export_answer.h"
#include "pipeline/transfer.h"

namespace ferry::pipeline {

struct ExportDescription {
    clickhouse::JoinSupport join_support;
    std::string select; ///< source_query() of the request with that support, no FORMAT
    ExportColumns columns;
    std::uint64_t wire_bytes = 0; ///< what the describing connection moved
};

/// Starts describing `request` (its connection, source and columns) on a second connection. The future
/// rethrows what describing threw (connection, auth and cancel errors: describe_export()). `request` and
/// `cancel` must outlive the future.
std::future<ExportDescription> describe_export_aside(const ExportRequest& request, const CancelToken& cancel);

} // namespace ferry::pipeline
