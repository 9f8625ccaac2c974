#include "clickhouse/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <random>
#include <system_error>
#include <thread>

#include "clickhouse/connection_advice.h"
#include "clickhouse/jwt.h"
#include "clickhouse/server_error.h"
#include "common/error.h"
#include "io/block_frame_decoder.h"
#include "io/compressing_read_stream.h"
#include "io/wire_codec.h"

namespace ferry::clickhouse {

namespace {

constexpr long kConnectTimeoutSeconds = 10;
/// A server that sends or takes less than 1 byte/s for this long is taken for dead. Long enough for
/// queries that compute for minutes before their first row.
constexpr long kLowSpeedTimeSeconds = 300;
constexpr long kKeepAliveIdleSeconds = 60;
constexpr long kKeepAliveIntervalSeconds = 30;
/// How much of an error response is kept to build the error message.
constexpr std::size_t kMaxErrorBody = 64 * 1024;
/// The last bytes of a streamed response are held back from the sink until the response ends: ClickHouse
/// appends an exception to a response it has already started with status 200, and those bytes must not
/// reach the sink as data. Longer exception texts are not recognised.
constexpr std::size_t kHeldTail = 16 * 1024;
/// How often a request that waits for the network checks its cancel token.
constexpr int kCancelPollMs = 100;

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw Error(ErrorKind::Internal, "cannot initialise libcurl");
        }
    });
}

std::string new_query_id() {
    thread_local std::mt19937_64 rng(std::random_device{}() ^
                                     std::hash<std::thread::id>{}(std::this_thread::get_id()));
    const std::uint64_t hi = rng();
    const std::uint64_t lo = rng();
    // Random UUID layout (version 4, variant 1).
    return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0x0fff,
                       ((lo >> 48) & 0x3fff) | 0x8000, lo & 0xffffffffffffULL);
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append_header(Slist& list, const std::string& header) {
    curl_slist* next = curl_slist_append(list.get(), header.c_str());
    if (next == nullptr) {
        throw Error(ErrorKind::Internal, "out of memory building HTTP headers");
    }
    (void)list.release();
    list.reset(next);
}

/// Header values cannot hold line breaks; a credential with one would smuggle in headers of its own.
void check_header_value(std::string_view value, std::string_view what) {
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') {
            throw Error(ErrorKind::Usage, fmt::format("the {} contains a line break or NUL byte", what));
        }
    }
}

bool is_tls_error(CURLcode code) {
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return true;
    default:
        return false;
    }
}

} // namespace

/// One libcurl easy handle, reused for every request, in a multi handle that owns the connection cache:
/// the connection is kept alive between requests. The multi interface lets a request wait for the network
/// in short slices and notice a cancellation within kCancelPollMs even while the server sends nothing
/// (libcurl's progress callback runs only about once a second then).
struct HttpClient::Impl {
    CURL* curl = nullptr;
    CURLM* multi = nullptr;
    char error_buffer[CURL_ERROR_SIZE] = {};

    Impl() {
        global_init();
        curl = curl_easy_init();
        multi = curl_multi_init();
        if (curl == nullptr || multi == nullptr) {
            curl_easy_cleanup(curl);
            curl_multi_cleanup(multi);
            throw Error(ErrorKind::Internal, "cannot create a libcurl handle");
        }
    }
    ~Impl() {
        curl_multi_cleanup(multi);
        curl_easy_cleanup(curl);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

namespace {

/// The state of one request, shared with libcurl's callbacks.
struct Transfer {
    CURL* curl = nullptr;
    const BodySink* sink = nullptr;
    const BodySource* source = nullptr;
    const CancelToken* cancel = nullptr;

    long status = 0;
    std::string error_body;           ///< body of a non-2xx response
    std::string held;                 ///< the not yet delivered end of a 2xx response
    std::uint64_t plain_received = 0; ///< body bytes of a 2xx response, after any decoding
    /// Decodes a `compress=1` answer before it reaches `held` (null for other answers).
    io::BlockFrameDecoder* frames = nullptr;
    std::string frame_error;                            ///< why `frames` could not read the answer
    std::atomic<std::uint64_t>* live_counter = nullptr; ///< see ExchangeStats
    std::uint64_t live_base = 0;
    int exception_code_header = 0;
    std::string content_encoding; ///< of the response, as the server named it
    std::exception_ptr callback_error;

    bool success_status() const { return status >= 200 && status < 300; }

    void receive(std::string_view plain) {
        held.append(plain);
        plain_received += plain.size();
        if (held.size() >= 4 * kHeldTail) {
            deliver(kHeldTail);
        }
    }

    void deliver(std::size_t keep) {
        if (held.size() > keep) {
            (*sink)(std::string_view(held).substr(0, held.size() - keep));
            held.erase(0, held.size() - keep);
        }
    }
};

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    try {
        if (t.status == 0) {
            curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.status);
        }
        if (!t.success_status()) {
            t.error_body.append(
                data, std::min(length, kMaxErrorBody - std::min(kMaxErrorBody, t.error_body.size())));
            return length;
        }
        if (t.frames != nullptr) {
            try {
                t.frames->feed(std::string_view(data, length)); // calls t.receive() per block
            } catch (const Error& error) {
                if (error.kind() != ErrorKind::Connection) {
                    throw;
                }
                t.frame_error = error.what();
                return 0;
            }
        } else {
            t.receive(std::string_view(data, length));
        }
        return length;
    } catch (...) {
        t.callback_error = std::current_exception();
        return 0; // any other count than `length` makes libcurl stop with CURLE_WRITE_ERROR
    }
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    if (t.cancel != nullptr && t.cancel->cancelled()) {
        return CURL_READFUNC_ABORT;
    }
    try {
        return (*t.source)(buffer, size * count);
    } catch (...) {
        t.callback_error = std::current_exception();
        return CURL_READFUNC_ABORT;
    }
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    std::string_view line(data, length);
    constexpr std::string_view kEncoding = "content-encoding:";
    if (line.size() > kEncoding.size()) {
        std::string name(line.substr(0, kEncoding.size()));
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (name == kEncoding) {
            std::string_view value = line.substr(kEncoding.size());
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
                value.remove_prefix(1);
            }
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
                value.remove_suffix(1);
            }
            t.content_encoding = std::string(value);
        }
    }
    constexpr std::string_view kName = "x-clickhouse-exception-code:";
    if (line.size() > kName.size()) {
        std::string name(line.substr(0, kName.size()));
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (name == kName) {
            int code = 0;
            for (const char c : line.substr(kName.size())) {
                if (std::isdigit(static_cast<unsigned char>(c))) {
                    code = code * 10 + (c - '0');
                }
            }
            t.exception_code_header = code;
        }
    }
    return length;
}

int on_progress(void* user, curl_off_t, curl_off_t downloaded, curl_off_t, curl_off_t uploaded) {
    const auto& t = *static_cast<Transfer*>(user);
    if (t.live_counter != nullptr) {
        t.live_counter->store(t.live_base + static_cast<std::uint64_t>(std::max<curl_off_t>(downloaded, 0)) +
                              static_cast<std::uint64_t>(std::max<curl_off_t>(uploaded, 0)));
    }
    return t.cancel != nullptr && t.cancel->cancelled() ? 1 : 0;
}

} // namespace

HttpClient::HttpClient(Connection connection)
    : connection_(std::move(connection)), impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() = default;

namespace http_detail {

/// What a request sends: the SQL either as the body or as the `query` URL parameter with a streamed body.
struct Request {
    std::string_view body_sql;
    std::string_view url_sql;
    const BodySource* source = nullptr;
    const BodySink* sink = nullptr;
    const Settings* settings = nullptr;
    const CancelToken* cancel = nullptr;
    io::Compression request_codec = io::Compression::None; ///< of the body sent
    io::WireFraming request_framing = io::WireFraming::ContentEncoding;
    int request_level = io::kWireCompressionLevel;
    io::Compression response_codec = io::Compression::None; ///< asked for the body received
    /// Ask for ClickHouse's block framing (`compress=1`, LZ4) and decode it (unless `keep_frames`).
    bool response_framed = false;
    bool keep_frames = false; ///< hand the framed bytes to the sink as they came (the probe reads them)
    bool body_precompressed = false; ///< body_sql is already in request_codec (the probe builds its own)
};

/// What a finished request leaves behind for the client's counters and the "auto" codec rule.
struct ExchangeStats {
    std::uint64_t wire_bytes = 0;
    std::string local_ip;
    std::string remote_ip;
    std::string content_encoding;  ///< of the last response
    double body_seconds = 0;       ///< from the first byte of the last response to its end
    std::uint64_t body_bytes = 0;  ///< received in the last response
    std::uint64_t plain_bytes = 0; ///< of the last response's body, after decoding
    /// Where to publish the client's wire bytes while the request runs (HttpClient::report_wire_bytes_to):
    /// `live_base` plus what libcurl has moved of this request so far.
    std::atomic<std::uint64_t>* live_counter = nullptr;
    std::uint64_t live_base = 0;
};

} // namespace http_detail

using http_detail::ExchangeStats;
using http_detail::Request;

namespace {

/// A BodySource seen as a ReadStream, so a codec stream from io/ can wrap it.
class BodySourceStream final : public io::ReadStream {
public:
    explicit BodySourceStream(const BodySource& source) : source_(source) {}
    std::size_t read(char* dst, std::size_t capacity) override {
        const std::size_t n = source_(dst, capacity);
        read_ += n;
        return n;
    }
    std::uint64_t raw_bytes_read() const override { return read_; }
    std::uint64_t total_bytes() const override { return 0; }

private:
    const BodySource& source_;
    std::uint64_t read_ = 0;
};

class Exchange {
public:
    Exchange(CURL* curl, CURLM* multi, char* error_buffer, const Connection& connection, ExchangeStats& stats)
        : curl_(curl), multi_(multi), error_buffer_(error_buffer), connection_(connection), stats_(stats) {}

    void run(const Request& request, const std::string& query_id) {
        if (request.cancel != nullptr) {
            request.cancel->check();
        }
        CURL* curl = curl_;
        // Reset keeps the live connection and the DNS cache; every option is set again below.
        curl_easy_reset(curl);
        error_buffer_[0] = '\0';

        Transfer transfer;
        transfer.curl = curl;
        transfer.sink = request.sink;
        transfer.source = request.source;
        transfer.cancel = request.cancel;
        transfer.live_counter = stats_.live_counter;
        transfer.live_base = stats_.live_base;
        std::optional<io::BlockFrameDecoder> frames;
        if (request.response_framed && !request.keep_frames) {
            frames.emplace([&transfer](std::string_view plain) { transfer.receive(plain); });
            transfer.frames = &*frames;
        }

        // A compressed request body: the plain source read through a codec stream. libcurl sees only the
        // compressed bytes; the server decompresses by the Content-Encoding header.
        std::optional<BodySourceStream> plain;
        std::optional<io::CompressingReadStream> compressed;
        BodySource compressed_source;
        std::string compressed_sql;
        std::string_view body_sql = request.body_sql;
        if (request.request_codec != io::Compression::None) {
            if (request.source != nullptr) {
                plain.emplace(*request.source);
                compressed.emplace(*plain, request.request_codec, request.request_framing,
                                   request.request_level);
                compressed_source = [&compressed](char* dst, std::size_t capacity) {
                    return compressed->read(dst, capacity);
                };
                transfer.source = &compressed_source;
            } else if (!request.body_precompressed) {
                compressed_sql =
                    io::compress_all(request.request_codec, request.request_framing, request.body_sql);
                body_sql = compressed_sql;
            }
        }

        const std::string url = build_url(request, query_id);
        const bool content_encoded = request.request_framing == io::WireFraming::ContentEncoding;
        Slist headers = build_headers(request.source != nullptr,
                                      content_encoded ? io::content_encoding(request.request_codec) : "");

        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer_);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "ferry");
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kLowSpeedTimeSeconds);
        curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(curl, CURLOPT_TCP_KEEPIDLE, kKeepAliveIdleSeconds);
        curl_easy_setopt(curl, CURLOPT_TCP_KEEPINTVL, kKeepAliveIntervalSeconds);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!connection_.ca_cert.empty()) {
            curl_easy_setopt(curl, CURLOPT_CAINFO, connection_.ca_cert.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        if (request.source != nullptr) {
            // No POSTFIELDSIZE: with the Transfer-Encoding header libcurl sends the body chunked.
            curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
            curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
        } else {
            // Never a null pointer: libcurl would then read the body from stdin.
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body_sql.empty() ? "" : body_sql.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_sql.size()));
        }
        // libcurl asks for the encoding and decodes the response before on_write sees it (so the held tail
        // and the exception ClickHouse may append are read as plain text); it counts the encoded bytes.
        const std::string accept(io::content_encoding(request.response_codec));
        if (!accept.empty()) {
            curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, accept.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);

        const CURLcode code = perform(transfer);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.status);
        record_stats(transfer);
        finish(code, transfer);
    }

private:
    void record_stats(const Transfer& transfer) {
        curl_off_t up = 0;
        curl_off_t down = 0;
        curl_easy_getinfo(curl_, CURLINFO_SIZE_UPLOAD_T, &up);
        curl_easy_getinfo(curl_, CURLINFO_SIZE_DOWNLOAD_T, &down);
        stats_.wire_bytes += static_cast<std::uint64_t>(std::max<curl_off_t>(up, 0)) +
                             static_cast<std::uint64_t>(std::max<curl_off_t>(down, 0));
        const char* ip = nullptr;
        if (curl_easy_getinfo(curl_, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr && *ip != 0) {
            stats_.remote_ip = ip;
        }
        ip = nullptr;
        if (curl_easy_getinfo(curl_, CURLINFO_LOCAL_IP, &ip) == CURLE_OK && ip != nullptr && *ip != 0) {
            stats_.local_ip = ip;
        }
        stats_.content_encoding = transfer.content_encoding;
        curl_off_t total_us = 0;
        curl_off_t first_byte_us = 0;
        curl_easy_getinfo(curl_, CURLINFO_TOTAL_TIME_T, &total_us);
        curl_easy_getinfo(curl_, CURLINFO_STARTTRANSFER_TIME_T, &first_byte_us);
        stats_.body_seconds = static_cast<double>(std::max<curl_off_t>(total_us - first_byte_us, 0)) / 1e6;
        stats_.body_bytes = static_cast<std::uint64_t>(std::max<curl_off_t>(down, 0));
        stats_.plain_bytes = transfer.plain_received;
    }

    /// curl_easy_perform, but returning CURLE_ABORTED_BY_CALLBACK within kCancelPollMs of a cancellation.
    CURLcode perform(const Transfer& transfer) {
        if (curl_multi_add_handle(multi_, curl_) != CURLM_OK) {
            throw Error(ErrorKind::Internal, "cannot start a libcurl transfer");
        }
        struct Remove {
            CURLM* multi;
            CURL* curl;
            ~Remove() { curl_multi_remove_handle(multi, curl); }
        } remove{multi_, curl_};

        int running = 1;
        while (true) {
            CURLMcode status = curl_multi_perform(multi_, &running);
            if (status != CURLM_OK) {
                throw Error(ErrorKind::Internal,
                            fmt::format("libcurl failed: {}", curl_multi_strerror(status)));
            }
            if (running == 0) {
                break;
            }
            if (transfer.cancel != nullptr && transfer.cancel->cancelled()) {
                return CURLE_ABORTED_BY_CALLBACK;
            }
            status = curl_multi_poll(multi_, nullptr, 0, kCancelPollMs, nullptr);
            if (status != CURLM_OK) {
                throw Error(ErrorKind::Internal,
                            fmt::format("libcurl failed: {}", curl_multi_strerror(status)));
            }
        }
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
            if (message->msg == CURLMSG_DONE && message->easy_handle == curl_) {
                return message->data.result;
            }
        }
        return CURLE_OK;
    }

    std::string escape(std::string_view text) const {
        char* escaped = curl_easy_escape(curl_, text.data(), static_cast<int>(text.size()));
        if (escaped == nullptr) {
            throw Error(ErrorKind::Internal, "out of memory escaping a URL parameter");
        }
        std::string out(escaped);
        curl_free(escaped);
        return out;
    }

    /// Only the database, query id, settings and (for inserts) the INSERT statement go in the URL, never a
    /// credential: URLs end up in proxy and server logs.
    std::string build_url(const Request& request, const std::string& query_id) const {
        std::string url = connection_.base_url() + "?query_id=" + escape(query_id);
        if (!connection_.database.empty()) {
            url += "&database=" + escape(connection_.database);
        }
        if (request.settings != nullptr) {
            for (const auto& [name, value] : *request.settings) {
                // Appended piece by piece: GCC 12 -O3 reports a false -Wrestrict on `"&" + escape(...)`.
                url += '&';
                url += escape(name);
                url += '=';
                url += escape(value);
            }
        }
        if (request.request_codec != io::Compression::None &&
            request.request_framing == io::WireFraming::ClickHouseBlocks) {
            // See block_framed_write_stream.h for why the checksum is not checked.
            url += "&decompress=1&http_native_compression_disable_checksumming_on_decompress=1";
        }
        if (request.response_framed) {
            url += "&compress=1";
        }
        if (request.response_codec != io::Compression::None) {
            url += "&enable_http_compression=1";
            if (request.response_codec == io::Compression::Gzip) {
                // The server's default, 3, costs it about twice the CPU of 1 for ~5% fewer bytes.
                url += "&http_zlib_compression_level=1";
            }
        }
        if (!request.url_sql.empty()) {
            url += "&query=" + escape(request.url_sql);
        }
        return url;
    }

    Slist build_headers(bool streamed_body, std::string_view content_encoding) const {
        Slist headers;
        if (!connection_.jwt.empty()) {
            check_header_value(connection_.jwt, "token");
            // A malformed or expired token is refused here, before it is sent anywhere.
            check_jwt(connection_.jwt);
            append_header(headers, "Authorization: Bearer " + connection_.jwt);
        } else {
            // X-ClickHouse-User/Key work on every server version Ferry supports (checked on 18.16).
            check_header_value(connection_.user, "user name");
            check_header_value(connection_.password, "password");
            append_header(headers, "X-ClickHouse-User: " + connection_.user);
            if (!connection_.password.empty()) {
                append_header(headers, "X-ClickHouse-Key: " + connection_.password);
            }
        }
        // No "100 Continue" round trip before each body.
        append_header(headers, "Expect:");
        if (!content_encoding.empty()) {
            append_header(headers, "Content-Encoding: " + std::string(content_encoding));
        }
        if (streamed_body) {
            append_header(headers, "Content-Type: application/octet-stream");
            append_header(headers, "Transfer-Encoding: chunked");
        } else {
            append_header(headers, "Content-Type: text/plain; charset=UTF-8");
        }
        return headers;
    }

    /// Removes the credentials from a message, in case a server or libcurl ever echoes them.
    std::string redact(std::string message) const {
        for (const std::string* secret : {&connection_.password, &connection_.jwt}) {
            if (secret->size() < 3) {
                continue; // too short to hide without mangling the message; nothing echoes them anyway
            }
            for (auto pos = message.find(*secret); pos != std::string::npos;
                 pos = message.find(*secret, pos)) {
                message.replace(pos, secret->size(), "***");
            }
        }
        return message;
    }

    [[noreturn]] void fail(ErrorKind kind, const std::string& message, int server_code = 0) const {
        ErrorContext context;
        context.host = connection_.endpoint();
        context.server_code = server_code;
        throw Error(kind, redact(message), std::move(context));
    }

    void finish(CURLcode code, Transfer& transfer) {
        if (!transfer.frame_error.empty()) {
            fail_unreadable_frames(transfer.frame_error);
        }
        if (transfer.callback_error) {
            std::rethrow_exception(transfer.callback_error);
        }
        if (code == CURLE_ABORTED_BY_CALLBACK ||
            (code != CURLE_OK && transfer.cancel != nullptr && transfer.cancel->cancelled())) {
            fail(ErrorKind::Cancelled, "cancelled by the user");
        }
        // An error response can end in a broken connection (the server stops reading an INSERT body it
        // refuses); its message is worth more than libcurl's.
        if (transfer.status != 0 && !transfer.success_status() &&
            (code == CURLE_OK || !transfer.error_body.empty())) {
            fail_with_server_error(transfer);
        }
        if (code != CURLE_OK) {
            fail_with_curl_error(code);
        }
        if (transfer.frames != nullptr) {
            finish_frames(*transfer.frames);
        }
        if (const auto trailing = find_trailing_exception(transfer.held)) {
            fail_with_server_error(*trailing);
        }
        transfer.deliver(0);
    }

    [[noreturn]] void fail_unreadable_frames(const std::string& why) const {
        fail(ErrorKind::Connection, fmt::format("ClickHouse at {} sent an answer Ferry cannot read: {}. Try "
                                                "--compression none",
                                                connection_.endpoint(), why));
    }

    /// The end of a `compress=1` answer: a cut block is an error; bytes after the last block that are not
    /// one are the server's exception (read as such) or corruption.
    void finish_frames(io::BlockFrameDecoder& frames) const {
        try {
            frames.finish();
        } catch (const Error& error) {
            fail_unreadable_frames(error.what());
        }
        if (const auto trailing = find_trailing_exception(frames.plain_tail())) {
            fail_with_server_error(*trailing);
        }
        try {
            frames.throw_if_plain_tail();
        } catch (const Error& error) {
            fail_unreadable_frames(error.what());
        }
    }

    /// An error answer to a `compress=1` query may come framed too (18.16 frames its exception text):
    /// the decoded text when the whole body decodes, else the body as it came.
    static std::string unframe_error_body(const std::string& body) {
        std::string plain;
        try {
            io::BlockFrameDecoder frames([&plain](std::string_view bytes) { plain.append(bytes); });
            frames.feed(body);
            frames.finish();
            if (frames.plain_tail().empty() && frames.blocks() > 0) {
                return plain;
            }
        } catch (const Error&) {
        }
        return body;
    }

    void fail_with_server_error(const Transfer& transfer) const {
        ServerError error = parse_server_error(
            transfer.frames != nullptr ? unframe_error_body(transfer.error_body) : transfer.error_body);
        if (error.code == 0) {
            error.code = transfer.exception_code_header;
        }
        if (error.code == 0) {
            if (const auto advice = advise_http_answer(connection_, transfer.status, error.message)) {
                fail(advice->kind, advice->message);
            }
            const std::string body = printable_value(one_line(error.message), 200);
            const std::string answered =
                fmt::format("ClickHouse at {} answered HTTP {}{}", connection_.endpoint(), transfer.status,
                            body.empty() ? "" : ": " + body);
            if (transfer.status == 401 || transfer.status == 403) {
                fail_auth(body.empty() ? fmt::format("HTTP {}", transfer.status) : body);
            }
            fail(transfer.status >= 502 && transfer.status <= 504 ? ErrorKind::Connection : ErrorKind::Query,
                 answered);
        }
        fail_with_server_error(error);
    }

    [[noreturn]] void fail_with_server_error(const ServerError& error) const {
        if (is_auth_error_code(error.code)) {
            fail_auth(error.message, error.code);
        }
        if (const auto advice = advise_server_error(connection_, error.code, error.message)) {
            fail(advice->kind, advice->message, error.code);
        }
        fail(ErrorKind::Query, fmt::format("ClickHouse error {}: {}", error.code, error.message), error.code);
    }

    [[noreturn]] void fail_auth(const std::string& server_message, int code = 0) const {
        if (!connection_.jwt.empty()) {
            fail(ErrorKind::Auth,
                 fmt::format("authentication with the token failed at {}: {}", connection_.endpoint(),
                             server_message),
                 code);
        }
        fail(ErrorKind::Auth,
             fmt::format("authentication failed for user '{}' at {}: {}", printable_value(connection_.user),
                         connection_.endpoint(), server_message),
             code);
    }

    [[noreturn]] void fail_with_curl_error(CURLcode code) const {
        const std::string endpoint = connection_.endpoint();
        std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
        while (!detail.empty() && std::isspace(static_cast<unsigned char>(detail.back()))) {
            detail.pop_back();
        }
        long os_errno = 0;
        curl_easy_getinfo(curl_, CURLINFO_OS_ERRNO, &os_errno);
        const std::string os_error =
            os_errno != 0 ? std::generic_category().message(static_cast<int>(os_errno)) : detail;

        if (is_tls_error(code)) {
            if (const auto advice = advise_tls_failure(connection_, detail)) {
                fail(advice->kind, advice->message);
            }
            fail(ErrorKind::Tls, fmt::format("TLS error talking to {}: {}", endpoint, detail));
        }
        switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            fail(ErrorKind::Connection,
                 fmt::format("cannot resolve host '{}'", printable_value(connection_.host)));
        case CURLE_COULDNT_CONNECT:
            fail(ErrorKind::Connection,
                 fmt::format("cannot connect to ClickHouse at {}: {}", endpoint, os_error));
        case CURLE_OPERATION_TIMEDOUT: {
            // libcurl says "SSL connection timeout" when TCP connected but the handshake never finished:
            // typically a plain HTTP port that waits for the rest of a request it will never get.
            if (connection_.secure &&
                (detail.find("SSL") != std::string::npos || detail.find("TLS") != std::string::npos)) {
                const auto advice = advise_tls_timeout(connection_, kConnectTimeoutSeconds);
                fail(advice.kind, advice.message);
            }
            double connect_time = 0;
            curl_easy_getinfo(curl_, CURLINFO_CONNECT_TIME, &connect_time);
            if (connect_time <= 0) {
                fail(ErrorKind::Connection,
                     fmt::format("cannot connect to ClickHouse at {}: timed out after {} s", endpoint,
                                 kConnectTimeoutSeconds));
            }
            fail(ErrorKind::Connection,
                 fmt::format("ClickHouse at {} stopped responding (nothing sent or received "
                             "for {} s)",
                             endpoint, kLowSpeedTimeSeconds));
        }
        case CURLE_GOT_NOTHING:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_PARTIAL_FILE:
            fail(ErrorKind::Connection,
                 fmt::format("connection to ClickHouse at {} was lost: {}", endpoint, detail));
        default:
            fail(ErrorKind::Connection, fmt::format("cannot talk to ClickHouse at {}: {}", endpoint, detail));
        }
    }

    CURL* curl_;
    CURLM* multi_;
    char* error_buffer_; ///< CURL_ERROR_SIZE bytes
    const Connection& connection_;
    ExchangeStats& stats_;
};

} // namespace

namespace {

/// Runs one request and adds what it moved to the client's counters, also when it fails.
void run_counted(CURL* curl, CURLM* multi, char* error_buffer, const Connection& connection,
                 const Request& request, const std::string& query_id, std::uint64_t& wire_bytes,
                 std::string& local_ip, std::string& remote_ip, ExchangeStats* last = nullptr,
                 std::atomic<std::uint64_t>* live = nullptr) {
    ExchangeStats stats;
    stats.live_counter = live;
    stats.live_base = wire_bytes;
    struct Count {
        ExchangeStats& stats;
        std::uint64_t& wire_bytes;
        std::string& local_ip;
        std::string& remote_ip;
        ~Count() {
            wire_bytes += stats.wire_bytes;
            if (stats.live_counter != nullptr) {
                stats.live_counter->store(wire_bytes);
            }
            if (!stats.remote_ip.empty()) {
                local_ip = stats.local_ip;
                remote_ip = stats.remote_ip;
            }
        }
    } count{stats, wire_bytes, local_ip, remote_ip};
    Exchange(curl, multi, error_buffer, connection, stats).run(request, query_id);
    if (last != nullptr) {
        *last = stats;
    }
}

} // namespace

void HttpClient::send(const Request& request, ExchangeStats* last) {
    last_query_id_ = new_query_id();
    run_counted(impl_->curl, impl_->multi, impl_->error_buffer, connection_, request, last_query_id_, wire_bytes_,
                local_ip_, remote_ip_, last, wire_counter_);
}

std::string HttpClient::query(std::string_view sql, const Settings& settings, const CancelToken* cancel) {
    std::string body;
    const BodySink sink = [&body](std::string_view chunk) { body.append(chunk); };
    Request request;
    request.body_sql = sql;
    request.sink = &sink;
    request.settings = &settings;
    request.cancel = cancel;
    send(request);
    return body;
}

void HttpClient::query_streaming(std::string_view sql, const BodySink& sink, const Settings& settings,
                                 const CancelToken* cancel) {
    Request request;
    request.body_sql = sql;
    request.sink = &sink;
    request.settings = &settings;
    request.cancel = cancel;
    const io::Compression codec = response_codec();
    // LZ4 answers come as ClickHouse's block framing, which libcurl does not know: Exchange decodes it.
    request.response_framed = codec == io::Compression::Lz4;
    request.response_codec = request.response_framed ? io::Compression::None : codec;
    ExchangeStats last;
    send(request, &last);
    if (request.response_framed && !frames_small_answers_ && last.plain_bytes == 0) {
        // A server like 18.16 sends nothing for a framed answer that fits its first buffer (1 MiB), so an
        // empty framed answer may be a lost small one: ask again unframed. Nothing reached `sink` yet.
        request.response_framed = false;
        send(request);
    }
}

void HttpClient::insert(std::string_view insert_sql, const BodySource& source, const Settings& settings,
                        const CancelToken* cancel) {
    std::string ignored;
    const BodySink sink = [&ignored](std::string_view chunk) { ignored.append(chunk); };
    Request request;
    // The statement normally travels in the URL so the body is pure data. A long one (a column list of
    // more than ~1,000 names) would exceed the server's URL limit (16 KiB on 18.16, an empty HTTP 400),
    // so it leads the body instead, ended by the one newline ClickHouse skips before the data.
    std::string prefix;
    std::size_t prefix_sent = 0;
    BodySource prefixed;
    if (insert_sql.size() <= kMaxUrlStatement) {
        request.url_sql = insert_sql;
        request.source = &source;
    } else {
        prefix = std::string(insert_sql) + "\n";
        prefixed = [&](char* dst, std::size_t capacity) -> std::size_t {
            if (prefix_sent < prefix.size()) {
                const std::size_t n = std::min(capacity, prefix.size() - prefix_sent);
                std::memcpy(dst, prefix.data() + prefix_sent, n);
                prefix_sent += n;
                return n;
            }
            return source(dst, capacity);
        };
        request.source = &prefixed;
    }
    request.sink = &sink;
    request.settings = &settings;
    request.cancel = cancel;
    request.request_codec = request_codec();
    request.request_framing = request_framing_;
    request.request_level = request_level_;
    send(request);
}

bool HttpClient::takes_request(io::Compression codec, io::WireFraming framing) {
    if (codec == io::Compression::None) {
        return true;
    }
    const auto key = std::make_pair(static_cast<int>(codec), static_cast<int>(framing));
    if (const auto known = probes_.find(key); known != probes_.end()) {
        return known->second;
    }
    bool answer = false;
    // lz4 travels only in ClickHouse's block framing; gzip has no block method.
    const bool possible = framing == io::WireFraming::ClickHouseBlocks ? codec != io::Compression::Gzip
                                                                       : codec != io::Compression::Lz4;
    if (possible) {
        // Real bodies are several gzip members or several blocks: so is the probe's, to be sure the server
        // reads past the first.
        const bool split = codec == io::Compression::Gzip || framing == io::WireFraming::ClickHouseBlocks;
        const std::string body =
            split ? io::compress_all(codec, framing, "SELECT ") + io::compress_all(codec, framing, "1")
                  : io::compress_all(codec, framing, "SELECT 1");
        std::string answer_body;
        const BodySink sink = [&answer_body](std::string_view chunk) { answer_body.append(chunk); };
        const Settings settings;
        Request request;
        request.body_sql = body;
        request.body_precompressed = true;
        request.request_codec = codec;
        request.request_framing = framing;
        request.sink = &sink;
        request.settings = &settings;
        try {
            send(request);
            answer = answer_body == "1\n";
        } catch (const Error& error) {
            // A server that does not know the encoding answers with a query error (18.16: code 89, "Unknown
            // Content-Encoding of HTTP request"); a proxy in front may answer HTTP 4xx instead.
            if (error.kind() != ErrorKind::Query) {
                throw;
            }
        }
    }
    probes_[key] = answer;
    return answer;
}

bool HttpClient::probe_framed_answers() {
    // Each probe answer is read here, frames and all, so that any way it fails to be ClickHouse's framing
    // (a proxy that drops the parameter, a server that ignores it) means "no", not an error.
    const auto framed_answer = [this](std::string_view sql, std::string& plain) {
        std::string framed;
        const BodySink sink = [&framed](std::string_view chunk) { framed.append(chunk); };
        const Settings settings;
        Request request;
        request.body_sql = sql;
        request.response_framed = true;
        request.keep_frames = true;
        request.sink = &sink;
        request.settings = &settings;
        try {
            send(request);
            io::BlockFrameDecoder frames([&plain](std::string_view bytes) { plain.append(bytes); });
            frames.feed(framed);
            frames.finish();
            return frames.plain_tail().empty();
        } catch (const Error& error) {
            if (error.kind() != ErrorKind::Query && framed.empty()) {
                throw; // the connection, not the framing
            }
            return false;
        }
    };
    std::string plain;
    if (!framed_answer("SELECT 1", plain)) {
        return false;
    }
    if (plain == "1\n") {
        frames_small_answers_ = true;
        return true;
    }
    if (!plain.empty()) {
        return false;
    }
    // Empty: 18.16 frames only answers larger than its first 1 MiB buffer. One just larger, of zeros (a
    // few KB on the wire), tells such a server from one that sends nothing framed.
    constexpr std::size_t kLargerThanOneBuffer = 1'100'000;
    plain.clear();
    if (!framed_answer(fmt::format("SELECT toUInt8(0) FROM system.numbers LIMIT {} FORMAT RowBinary",
                                   kLargerThanOneBuffer),
                       plain)) {
        return false;
    }
    frames_small_answers_ = false;
    return plain == std::string(kLargerThanOneBuffer, '\0');
}

bool HttpClient::sends_response(io::Compression codec) {
    if (codec == io::Compression::None) {
        return true;
    }
    const auto key = std::make_pair(static_cast<int>(codec), -1);
    if (const auto known = probes_.find(key); known != probes_.end()) {
        return known->second;
    }
    bool answer = false;
    if (codec == io::Compression::Lz4) {
        answer = probe_framed_answers();
    } else {
        std::string body;
        const BodySink sink = [&body](std::string_view chunk) { body.append(chunk); };
        const Settings settings;
        Request request;
        request.body_sql = "SELECT 1";
        request.response_codec = codec;
        request.sink = &sink;
        request.settings = &settings;
        ExchangeStats last;
        try {
            send(request, &last);
            // The answer came back in the codec asked for, and decoded to the right text.
            answer = body == "1\n" && io::from_content_encoding(last.content_encoding) == codec;
        } catch (const Error& error) {
            if (error.kind() != ErrorKind::Query) {
                throw;
            }
        }
    }
    probes_[key] = answer;
    return answer;
}

double HttpClient::link_bytes_per_second() {
    if (!link_rate_) {
        const auto measure = [this] {
            std::uint64_t ignored = 0;
            const BodySink sink = [&ignored](std::string_view chunk) { ignored += chunk.size(); };
            const Settings settings;
            Request request;
            // 2 MiB of UInt64s, made by the server at memory speed.
            const std::string sql = fmt::format("SELECT number FROM system.numbers LIMIT {} FORMAT RowBinary",
                                                kLinkMeasureBytes / sizeof(std::uint64_t));
            request.body_sql = sql; // a view: `sql` outlives the request
            request.sink = &sink;
            request.settings = &settings;
            ExchangeStats last;
            send(request, &last);
            return static_cast<double>(last.body_bytes) / std::max(last.body_seconds, 1e-4);
        };
        link_rate_ = measured_link_rate(measure);
    }
    return *link_rate_;
}

bool HttpClient::same_machine() {
    if (remote_ip_.empty()) {
        server_version(); // connects, so the rule knows which addresses the connection joins
    }
    return clickhouse::same_machine(local_ip_, remote_ip_);
}

io::Compression HttpClient::request_codec() {
    if (!request_codec_) {
        const bool local = connection_.compression == WireCompression::Auto && same_machine();
        request_codec_ = choose_request_codec(
            connection_.compression, local, connection_.endpoint(), [this](io::Compression codec) {
                // The standard Content-Encoding where the server takes it, else ClickHouse's block framing.
                for (const auto framing :
                     {io::WireFraming::ContentEncoding, io::WireFraming::ClickHouseBlocks}) {
                    if (takes_request(codec, framing)) {
                        return true;
                    }
                }
                return false;
            },
            [this] { return link_bytes_per_second(); });
        request_framing_ = takes_request(*request_codec_, io::WireFraming::ContentEncoding)
                               ? io::WireFraming::ContentEncoding
                               : io::WireFraming::ClickHouseBlocks;
        // Stronger on a slow link, where bytes and not CPU decide (see kSlowLinkZstdLevel).
        if (connection_.compression == WireCompression::Auto && *request_codec_ == io::Compression::Zstd &&
            link_bytes_per_second() < kSlowLinkBytesPerSecond) {
            request_level_ = io::kSlowLinkZstdLevel;
        }
    }
    return *request_codec_;
}

io::WireFraming HttpClient::request_framing() {
    request_codec();
    return request_framing_;
}

io::Compression HttpClient::response_codec() {
    if (!response_codec_ && answer_too_small_for_a_codec(connection_.compression, answer_bytes_)) {
        response_codec_ = io::Compression::None;
    }
    if (!response_codec_) {
        const bool local = connection_.compression == WireCompression::Auto && same_machine();
        response_codec_ = choose_response_codec(
            connection_.compression, local, connection_.endpoint(),
            [this](io::Compression codec) { return sends_response(codec); },
            [this] { return link_bytes_per_second(); });
    }
    return *response_codec_;
}

const std::string& HttpClient::server_version() {
    if (version_.empty()) {
        std::string version = query("SELECT version()");
        while (!version.empty() && std::isspace(static_cast<unsigned char>(version.back()))) {
            version.pop_back();
        }
        version_ = std::move(version);
    }
    return version_;
}

int HttpClient::server_major_version() {
    const std::string& version = server_version();
    int major = 0;
    std::size_t i = 0;
    while (i < version.size() && i < 6 && std::isdigit(static_cast<unsigned char>(version[i]))) {
        major = major * 10 + (version[i] - '0');
        ++i;
    }
    if (i == 0) {
        throw Error(ErrorKind::Query,
                    fmt::format("cannot read the ClickHouse version from '{}'", printable_value(version)));
    }
    return major;
}

} // namespace ferry::clickhouse
