#pragma once
/// One HTTP/1.1 connection (Boost.Beast), as a template over its stream: plain (beast::tcp_stream) or TLS
/// (beast::ssl_stream over it). Internal to server/: included only by http_session_plain.cpp and
/// http_session_tls.cpp, which instantiate one kind each (see http_server_state.h for why).

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "server/http_server_state.h"

namespace ferry::server::http_session {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

/// How long an idle keep-alive connection, or a slow client sending a JSON body, may take.
constexpr auto kIdleTimeout = std::chrono::seconds(120);
/// A client that connects but does not finish the TLS handshake is dropped after this.
constexpr auto kHandshakeTimeout = std::chrono::seconds(30);
constexpr auto kEventInterval = std::chrono::milliseconds(200);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
/// Refused requests with bodies up to this size have them read and dropped; larger ones are cut off.
constexpr std::uint64_t kDrainLimit = 1 << 20;
constexpr std::size_t kUploadReadSize = 256 * 1024;
constexpr std::size_t kDownloadChunk = 256 * 1024;

/// One connection, plain (beast::tcp_stream) or TLS (beast::ssl_stream over it): the exchange is the
/// same, only the start (handshake) and the end (close_notify) differ.
template <class Stream> class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    Session(tcp::socket socket, ServerState& server)
        requires(!kTls)
        : stream_(std::move(socket)), server_(server), timer_(stream_.get_executor()) {}
    Session(tcp::socket socket, ServerState& server)
        requires(kTls)
        : stream_(std::move(socket), *server.tls), server_(server), timer_(stream_.get_executor()) {}

    void start() {
        net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if constexpr (kTls) {
                self->lowest().expires_after(kHandshakeTimeout);
                self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
                    if (ec) {
                        return self->drop();
                    }
                    self->read_header();
                });
            } else {
                self->read_header();
            }
        });
    }

private:
    using std::enable_shared_from_this<Session<Stream>>::shared_from_this;

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    /// Closes the socket without a goodbye (failed handshake).
    void drop() {
        beast::error_code ec;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
        lowest().close();
    }

    void read_header() {
        request_ = Request{};
        header_parser_.emplace();
        header_parser_->header_limit(kHeaderLimit);
        header_parser_->body_limit(boost::none); // the admission decides; see read_body()
        lowest().expires_after(kIdleTimeout);
        http::async_read_header(
            stream_, buffer_, *header_parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(beast::error_code ec) {
        if (ec) {
            if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != net::error::eof &&
                ec != net::error::connection_reset && ec != net::error::operation_aborted) {
                keep_alive_ = false;
                version_ = 11;
                head_only_ = false;
                return send(
                    Response::error(400, ErrorKind::Usage, "malformed HTTP request: " + ec.message()));
            }
            return close();
        }
        const auto& head = header_parser_->get();
        version_ = head.version();
        keep_alive_ = head.keep_alive();
        head_only_ = head.method() == http::verb::head;
        request_.method = std::string(head.method_string());
        request_.target = std::string(head.target());
        const auto question = request_.target.find('?');
        request_.path = request_.target.substr(0, question);
        request_.query = question == std::string::npos ? std::string() : request_.target.substr(question + 1);
        for (const auto& field : head) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            request_.headers.emplace(std::move(name), std::string(field.value()));
        }
        if (const auto length = header_parser_->content_length()) {
            request_.content_length = *length;
        }
        beast::error_code endpoint_ec;
        const auto remote = lowest().socket().remote_endpoint(endpoint_ec);
        request_.remote_address = endpoint_ec ? std::string("unknown") : remote.address().to_string();

        Admission admission;
        try {
            admission = server_.handler.admit(request_);
        } catch (const std::exception& error) {
            admission.reject = Response::from_exception(error);
        }
        const bool body_pending = !header_parser_->is_done();
        const bool expects_continue = beast::iequals(head[http::field::expect], "100-continue");
        if (admission.reject) {
            if (body_pending && !expects_continue && request_.content_length &&
                *request_.content_length <= kDrainLimit) {
                // Read and drop a small body, so that the client is not reset while still sending it.
                return drain_then_send(std::move(*admission.reject));
            }
            // The unread body would be taken for the next request: close after answering.
            keep_alive_ = keep_alive_ && !body_pending;
            return send(std::move(*admission.reject));
        }
        if (!body_pending) {
            return run_handler();
        }
        if (expects_continue) {
            auto interim =
                std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
            return http::async_write(
                stream_, *interim,
                [self = shared_from_this(), interim, admission](beast::error_code ec, std::size_t) {
                    if (ec) {
                        self->server_.handler.abandon(self->request_);
                        return self->close();
                    }
                    self->read_body(admission);
                });
        }
        read_body(admission);
    }

    void drain_then_send(Response response) {
        string_parser_.emplace(std::move(*header_parser_));
        header_parser_.reset();
        string_parser_->body_limit(kDrainLimit);
        lowest().expires_after(kIdleTimeout);
        http::async_read(stream_, buffer_, *string_parser_,
                         [self = shared_from_this(), response = std::move(response)](beast::error_code ec,
                                                                                     std::size_t) mutable {
                             self->string_parser_.reset();
                             if (ec) {
                                 return self->close();
                             }
                             self->send(std::move(response));
                         });
    }

    void read_body(const Admission& admission) {
        if (admission.body == BodyKind::Upload) {
            file_parser_.emplace(std::move(*header_parser_));
            header_parser_.reset();
            upload_limit_ = admission.body_limit;
            if (upload_limit_ != 0) {
                file_parser_->body_limit(upload_limit_); // a chunked body has no Content-Length to check first
            } else {
                file_parser_->body_limit(boost::none);
            }
            beast::error_code ec;
            file_parser_->get().body().open(request_.upload_file.c_str(), beast::file_mode::write, ec);
            if (ec) {
                file_parser_.reset();
                server_.handler.abandon(request_);
                keep_alive_ = false;
                return send(
                    Response::error(500, ErrorKind::File, "cannot store the upload: " + ec.message()));
            }
            // Beast reads as much as the buffer has room for: give it room for large reads.
            buffer_.reserve(kUploadReadSize);
            lowest().expires_never(); // uploads may be large and slow
            return http::async_read(
                stream_, buffer_, *file_parser_,
                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_upload(ec); });
        }
        string_parser_.emplace(std::move(*header_parser_));
        header_parser_.reset();
        string_parser_->body_limit(admission.body_limit);
        lowest().expires_after(kIdleTimeout);
        http::async_read(
            stream_, buffer_, *string_parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
    }

    void on_body(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            string_parser_.reset();
            keep_alive_ = false;
            return send(Response::error(413, ErrorKind::Usage, "the request body is too large"));
        }
        if (ec) {
            return close();
        }
        request_.body = string_parser_->release().body();
        string_parser_.reset();
        run_handler();
    }

    void on_upload(beast::error_code ec) {
        file_parser_->get().body().close();
        file_parser_.reset();
        if (ec == http::error::body_limit) {
            server_.handler.abandon(request_);
            keep_alive_ = false;
            return send(Response::from_exception(upload_too_large(upload_limit_)));
        }
        if (ec) {
            server_.handler.abandon(request_);
            return close();
        }
        run_handler();
    }

    /// Handlers may block (ClickHouse, disk), so they run on the worker pool; the response comes back to
    /// this connection's strand.
    void run_handler() {
        header_parser_.reset();
        net::post(server_.workers, [self = shared_from_this()] {
            auto response = self->server_.handler.handle(self->request_);
            net::post(self->stream_.get_executor(),
                      [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
        });
    }

    template <class Body> void set_headers(http::response<Body>& message, const Response& response) {
        message.set(http::field::server, "Ferry");
        message.set(http::field::content_type, response.content_type);
        message.set("X-Content-Type-Options", "nosniff");
        message.set("Referrer-Policy", "no-referrer");
        for (const auto& [name, value] : response.headers) {
            message.set(name, value);
        }
        message.keep_alive(keep_alive_);
    }

    void send(Response response) {
        if (response.events && !head_only_) {
            return send_events(std::move(response));
        }
        if (!response.file.empty()) {
            return send_file(std::move(response));
        }
        const auto status = static_cast<http::status>(response.status);
        lowest().expires_after(kIdleTimeout);
        if (head_only_) {
            http::response<http::empty_body> message{status, version_};
            set_headers(message, response);
            message.content_length(response.body.size());
            return write(http::message_generator(std::move(message)));
        }
        http::response<http::string_body> message{status, version_};
        set_headers(message, response);
        message.body() = std::move(response.body);
        message.prepare_payload();
        write(http::message_generator(std::move(message)));
    }

    /// Files go out in large chunks straight from disk (Beast's file_body reads 4 KiB at a time).
    void send_file(Response response) {
        beast::error_code ec;
        auto file = std::make_shared<beast::file>();
        file->open(response.file.c_str(), beast::file_mode::scan, ec);
        const auto size = ec ? 0 : file->size(ec);
        if (ec) {
            return send(Response::error(404, ErrorKind::File, "cannot open the file: " + ec.message()));
        }
        auto head = std::make_shared<http::response<http::empty_body>>(
            static_cast<http::status>(response.status), version_);
        set_headers(*head, response);
        head->content_length(size);
        lowest().expires_never(); // downloads may be large and slow
        if (head_only_) {
            return write(http::message_generator(std::move(*head)));
        }
        download_ = std::move(file);
        download_left_ = size;
        http::async_write(stream_, *head,
                          [self = shared_from_this(), head](beast::error_code ec, std::size_t) {
                              if (ec) {
                                  return self->close();
                              }
                              self->send_file_chunk();
                          });
    }

    void send_file_chunk() {
        if (download_left_ == 0) {
            download_.reset();
            return after_write(beast::error_code(), keep_alive_);
        }
        download_buffer_.resize(kDownloadChunk);
        beast::error_code ec;
        const auto n = download_->read(
            download_buffer_.data(),
            static_cast<std::size_t>(std::min<std::uint64_t>(kDownloadChunk, download_left_)), ec);
        if (ec || n == 0) {
            // The file shrank under us: the promised length cannot be kept, so end the connection.
            download_.reset();
            return close();
        }
        download_left_ -= n;
        net::async_write(stream_, net::buffer(download_buffer_.data(), n),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) {
                                 self->download_.reset();
                                 return self->close();
                             }
                             self->send_file_chunk();
                         });
    }

    void after_write(beast::error_code ec, bool keep_alive) {
        if (ec || !keep_alive) {
            return close();
        }
        read_header();
    }

    void write(http::message_generator message) {
        const bool keep_alive = message.keep_alive();
        beast::async_write(stream_, std::move(message),
                           [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                               self->after_write(ec, keep_alive);
                           });
    }

    /// Server-sent events: the head, then one chunk per poll that produced events, then the last chunk.
    void send_events(Response response) {
        events_ = std::move(response.events);
        event_head_.emplace(http::status::ok, version_);
        set_headers(*event_head_, response);
        event_head_->chunked(true);
        event_serializer_.emplace(*event_head_);
        lowest().expires_never();
        http::async_write_header(stream_, *event_serializer_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec) {
                                         return self->close();
                                     }
                                     self->poll_events();
                                 });
    }

    void poll_events() {
        std::string out;
        bool more = false;
        try {
            more = events_->poll(out);
        } catch (const std::exception&) {
            more = false;
        }
        if (out.empty()) {
            return more ? wait_for_events() : finish_events();
        }
        event_data_ = std::move(out);
        net::async_write(stream_, http::make_chunk(net::buffer(event_data_)),
                         [self = shared_from_this(), more](beast::error_code ec, std::size_t) {
                             if (ec) {
                                 return self->close();
                             }
                             more ? self->wait_for_events() : self->finish_events();
                         });
    }

    void wait_for_events() {
        timer_.expires_after(kEventInterval);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) {
                return self->close();
            }
            self->poll_events();
        });
    }

    void finish_events() {
        net::async_write(stream_, http::make_chunk_last(),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->events_.reset();
                             self->event_serializer_.reset();
                             self->event_head_.reset();
                             self->after_write(ec, self->keep_alive_);
                         });
    }

    void close() {
        if constexpr (kTls) {
            // TLS says goodbye (close_notify) so that the client can tell a complete response from a cut one.
            lowest().expires_after(std::chrono::seconds(5));
            stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->drop(); });
        } else {
            beast::error_code ec;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        }
    }

    Stream stream_;
    ServerState& server_;
    net::steady_timer timer_;
    beast::flat_buffer buffer_;
    Request request_;
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool head_only_ = false;

    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> string_parser_;
    std::optional<http::request_parser<http::file_body>> file_parser_;

    std::uint64_t upload_limit_ = 0;
    std::shared_ptr<beast::file> download_;
    std::uint64_t download_left_ = 0;
    std::vector<char> download_buffer_;

    std::shared_ptr<EventStream> events_;
    std::optional<http::response<http::empty_body>> event_head_;
    std::optional<http::response_serializer<http::empty_body>> event_serializer_;
    std::string event_data_;
};

} // namespace ferry::server::http_session
