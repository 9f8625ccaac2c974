#pragma once
/// ClickHouse over HTTP(S) with libcurl: streaming both ways, keep-alive (one handle reused per client),
/// a fresh `query_id` per query. Every failure becomes a ferry::Error: connection failures name host:port,
/// server errors carry the server's message and code (Error(Query), or Error(Auth) for codes 516/192/194/
/// HTTP 401/403), TLS failures are Error(Tls). Messages never contain the password or token.
/// Not thread-safe: one client per thread.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clickhouse/connection.h"
#include "common/cancel.h"
#include "io/compression.h"
#include "io/wire_codec.h"

namespace ferry::clickhouse {

namespace http_detail {
struct Request;
struct ExchangeStats;
} // namespace http_detail

using Settings = std::map<std::string, std::string>;

/// Receives response body bytes as they arrive.
using BodySink = std::function<void(std::string_view)>;
/// Fills `dst` with up to `capacity` bytes of the request body; returns 0 at the end.
using BodySource = std::function<std::size_t(char* dst, std::size_t capacity)>;

class HttpClient {
public:
    static constexpr std::size_t kMaxUrlStatement = 4096;

    explicit HttpClient(Connection connection);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    const Connection& connection() const { return connection_; }

    /// Runs a query and returns the whole response body (for small results: catalog, counts, DDL).
    std::string query(std::string_view sql, const Settings& settings = {},
                      const CancelToken* cancel = nullptr);

    /// Runs a query, handing the body to `sink` as it streams in. The query text goes in the POST body.
    /// The response travels compressed with wire_codec() (decoded before `sink` sees it).
    void query_streaming(std::string_view sql, const BodySink& sink, const Settings& settings = {},
                         const CancelToken* cancel = nullptr);

    /// Runs `insert_sql` (e.g. "INSERT INTO `t` (`a`) FORMAT RowBinary", sent as the `query` URL
    /// parameter, or ahead of the data when longer than kMaxUrlStatement) with the data streamed from
    /// `source` as a chunked POST body, compressed with wire_codec().
    void insert(std::string_view insert_sql, const BodySource& source, const Settings& settings = {},
                const CancelToken* cancel = nullptr);

    /// The query_id of the last query started (to KILL QUERY it from another client on cancel).
    const std::string& last_query_id() const { return last_query_id_; }

    /// The codec of insert() bodies: the connection's `compression` resolved by choose_request_codec() on
    /// first use (probing the server when needed), and how it is framed.
    io::Compression request_codec();
    io::WireFraming request_framing();
    /// The codec of query_streaming() responses, resolved by choose_response_codec() on first use.
    io::Compression response_codec();
    /// Before response_codec() is first asked: the answers to come are at most `bytes` (an export of a
    /// MergeTree table's parts). Small enough (answer_too_small_for_a_codec), auto sends them as they are.
    void expect_answers_of_at_most(std::uint64_t bytes) { answer_bytes_ = bytes; }

    /// Probe: does the server read a request body in `codec` and `framing`? One tiny `SELECT 1` so sent
    /// (in two gzip members or two blocks, as real bodies are), answered "1". False when the server refuses
    /// it (a query error); connection and auth failures are thrown as usual. Cached per client.
    bool takes_request(io::Compression codec, io::WireFraming framing);
    /// Probe: does the server compress a response with `codec` when asked (`enable_http_compression=1`,
    /// `Accept-Encoding`; for Lz4: ClickHouse's block framing with `compress=1`)? Cached per client.
    bool sends_response(io::Compression codec);
    /// After sends_response(Lz4): whether the server also frames answers that fit its first buffer (false
    /// for 18.16, which answers those with an empty body; query_streaming then asks again unframed).
    bool frames_small_answers() const { return frames_small_answers_; }
    /// The link's speed in bytes/s, measured once: the time to receive a 2 MiB response after its first
    /// byte (what the server's first bytes, TCP slow start and the tbf burst leave of it).
    double link_bytes_per_second();
    /// Body bytes sent and received on the wire by finished requests (compressed bytes where a codec was
    /// used).
    std::uint64_t wire_bytes() const { return wire_bytes_; }
    /// Keeps `*counter` at the wire bytes so far, also while a request runs (updated from libcurl's progress
    /// callback, on this client's thread), for progress shown on other threads. Null stops it.
    void report_wire_bytes_to(std::atomic<std::uint64_t>* counter) { wire_counter_ = counter; }

    /// Server version string from `SELECT version()`, cached.
    const std::string& server_version();
    /// Major version number parsed from server_version().
    int server_major_version();

private:
    struct Impl;

    /// Runs one request under a new query id and adds what it moved to the counters below, also when it
    /// fails; `last` gets the request's own figures (for the "auto" codec rule).
    void send(const http_detail::Request& request, http_detail::ExchangeStats* last = nullptr);
    Connection connection_;
    std::unique_ptr<Impl> impl_;
    std::string last_query_id_;
    std::string version_;
    bool same_machine();
    bool probe_framed_answers();

    std::optional<io::Compression> request_codec_;
    io::WireFraming request_framing_ = io::WireFraming::ContentEncoding;
    int request_level_ = io::kWireCompressionLevel;
    std::optional<io::Compression> response_codec_;
    std::optional<double> link_rate_;
    std::optional<std::uint64_t> answer_bytes_; ///< expect_answers_of_at_most()
    std::map<std::pair<int, int>, bool> probes_; ///< (codec, framing or -1 for responses) -> answer
    std::uint64_t wire_bytes_ = 0;
    bool frames_small_answers_ = true;
    std::atomic<std::uint64_t>* wire_counter_ = nullptr;
    std::string local_ip_; ///< addresses of the last connection, as libcurl reports them
    std::string remote_ip_;
};

} // namespace ferry::clickhouse
