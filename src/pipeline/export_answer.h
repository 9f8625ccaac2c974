#pragma once
/// How an export gets its rows from ClickHouse. The server formats Native answers at about half the CPU of
/// TabSeparated (and they are smaller), so exports ask for Native and Ferry makes the text itself
/// (native_select.h, native_text.h), exactly the server's; the TabSeparatedWithNamesAndTypes answer stays
/// the fallback for results Native cannot carry so (and for a server that cannot DESCRIBE the query).
/// FERRY_EXPORT_ANSWER=tsv forces the fallback, =native fails instead of falling back: the tests compare
/// both answers byte for byte, and must know which one they got.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse/http_client.h"
#include "clickhouse/native_select.h"
#include "clickhouse/native_text_probe.h"
#include "common/cancel.h"
#include "pipeline/result_stream.h"

namespace ferry::pipeline {

enum class ExportAnswer { Auto, Text, Native };

/// FERRY_EXPORT_ANSWER: "tsv" -> Text, "native" -> Native, anything else -> Auto.
ExportAnswer export_answer_from_environment();

/// What an export learns once about its result: the column names and types (DESCRIBE) and what the server's
/// probe lets Ferry format. `support` is empty when the export reads TabSeparated.
struct ExportColumns {
    std::vector<std::string> names;
    std::vector<std::string> types;
    std::optional<clickhouse::NativeTextSupport> support;
};

/// Describes `select` (no FORMAT) and probes what its types need; never fails for what only the Native
/// path needs (falls back to text), but throws connection and auth errors.
ExportColumns describe_export(clickhouse::HttpClient& client, const std::string& select,
                              const clickhouse::Settings& settings, const CancelToken* cancel,
                              ExportAnswer answer = export_answer_from_environment());

/// Streams the rows of `select` (no FORMAT) to the callbacks, as Native where `columns` allows, else as
/// TabSeparatedWithNamesAndTypes. `after_chunk` runs after every piece of the answer (progress, cancel).
void stream_export(clickhouse::HttpClient& client, const ExportColumns& columns, const std::string& select,
                   const clickhouse::Settings& settings, const CancelToken* cancel,
                   const ResultStream::HeaderCallback& on_header, const ResultStream::RowCallback& on_row,
                   const std::function<void()>& after_chunk,
                   ExportAnswer answer = export_answer_from_environment());

} // namespace ferry::pipeline
