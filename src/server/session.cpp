#include "server/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include "entitle/version.h"
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/budget.hpp"
#include "server/connection_registry.hpp"
#include "server/dispatch.hpp"
#include "server/request_checks.hpp"
#include "server/router.hpp"
#include "server/worker_pool.hpp"

namespace entitle::server {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 8192;
// After an answer that leaves part of a request unread, the rest is read and thrown away for
// a while before closing (a lingering close, as nginx does): closing with unread data makes
// the kernel reset the connection, and the client may then lose the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 * 1024 * 1024;
constexpr const char* kServerName = "entitle/" ENTITLE_VERSION_STRING;

std::string remote_text(const tcp::socket& s) {
  beast::error_code ec;
  const tcp::endpoint ep = s.remote_endpoint(ec);
  if (ec) return "-";
  const auto a = ep.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

// Methods as metrics labels: a client must not be able to grow the label set.
std::string_view method_label(std::string_view m) {
  for (std::string_view known : {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"})
    if (m == known) return known;
  return "other";
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

class Session : public Drainable, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::string client, App& app, const Router& router,
          ConnectionRegistry& registry, WorkerPool& workers)
      : stream_(std::move(socket)), app_(app), router_(router), registry_(registry),
        workers_(workers), limits_(app.config.limits), remote_(remote_text(stream_.socket())),
        client_(std::move(client)) {
    app_.metrics.connection_opened();
  }

  ~Session() override {
    registry_.remove(id_);
    app_.metrics.connection_closed();
  }

  void start() {
    id_ = registry_.add(weak_from_this(), client_);
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
  }

  // Idle connections close now; busy ones answer with Connection: close (send() checks).
  // A connection whose next request has already arrived, unread, is not idle.
  void drain() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ != State::waiting) return;
      beast::error_code ec;
      if (self->stream_.socket().available(ec) > 0 && !ec) return;
      self->close();
    });
  }

 private:
  enum class State { waiting, reading, handling, writing, closing };

  // --- reading ----------------------------------------------------------------------------

  void wait_for_request() {
    if (app_.draining.load()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    parser_->body_limit(limits_.max_body_bytes);
    method_.clear();
    path_.clear();
    match_ = RouteMatch{};
    bytes_in_ = 0;
    if (first_) header_deadline_ = Clock::now() + limits_.header_timeout;
    if (buffer_.size() > 0) {  // the next request arrived with the last one (pipelining)
      header_deadline_ = Clock::now() + limits_.header_timeout;
      return read_header();
    }
    state_ = State::waiting;
    // A new connection must send its head within header_timeout; a kept-alive one may
    // stay quiet for idle_timeout before its next request starts.
    if (first_) {
      stream_.expires_at(header_deadline_);
    } else {
      stream_.expires_after(limits_.idle_timeout);
    }
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, size_t n) {
    if (ec) return close();  // closed by the client, timed out, or drained
    buffer_.commit(n);
    if (!first_) header_deadline_ = Clock::now() + limits_.header_timeout;
    read_header();
  }

  void read_header() {
    state_ = State::reading;
    started_ = Clock::now();
    request_id_ = app_.next_request_id.fetch_add(1);
    stream_.expires_at(header_deadline_);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t n) {
    bytes_in_ += n;
    if (ec) return on_read_error(ec);
    note_target();
    auto& req = parser_->get();
    if (!match_.route) return reply_early(match_.error(method_, path_));
    const bool has_body = !parser_->is_done();
    if (has_body) {
      if (auto e = encoding_error(req[http::field::content_encoding],
                                  req[http::field::transfer_encoding]))
        return reply_early(*e);
    }
    if (match_.route->json_body) {
      if (auto e = content_type_error(req[http::field::content_type])) return reply_early(*e);
    }
    if (!has_body) return handle();
    if (iequals(req[http::field::expect], "100-continue")) return send_continue();
    read_body();
  }

  void note_target() {
    const auto& req = parser_->get();
    method_ = std::string(req.method_string());
    const std::string_view target = req.target();
    path_ = std::string(target.substr(0, target.find('?')));
    match_ = router_.match(method_, path_);
  }

  // The client waits for this before sending a body (curl does for large ones).
  void send_continue() {
    continue_.emplace(http::status::continue_, parser_->get().version());
    stream_.expires_after(limits_.write_timeout);
    http::async_write(stream_, *continue_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->read_body();
                      });
  }

  void read_body() {
    stream_.expires_after(limits_.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, size_t n) {
    bytes_in_ += n;
    if (ec) return on_read_error(ec);
    handle();
  }

  void on_read_error(beast::error_code ec) {
    if (method_.empty() && parser_->is_header_done()) note_target();  // for the log and metrics
    if (ec == http::error::header_limit)
      return reply_early(ApiError(431, "headers_too_large",
                                  "the request head is larger than " +
                                      std::to_string(limits_.max_header_bytes) + " bytes"));
    if (ec == http::error::body_limit)
      return reply_early(ApiError(
          413, "body_too_large",
          "the request body is larger than " + std::to_string(limits_.max_body_bytes) + " bytes"));
    // The client went away, or was too slow (the stream closed itself on the timeout).
    const auto& http_errors = beast::error_code(http::error::bad_method).category();
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec.category() != http_errors)
      return close();
    reply_early(ApiError(400, "bad_request", "malformed HTTP request: " + ec.message()));
  }

  // --- answering ----------------------------------------------------------------------------

  void handle() {
    state_ = State::handling;
    auto& req = parser_->get();
    Request request;
    request.method = method_;
    request.path = path_;
    request.authorization = req[http::field::authorization];
    request.body = req.body();
    request.id = request_id_;
    if (match_.route->runs == Runs::on_connection_thread) {
      Response response = dispatch(*match_.route, app_, request, match_.param, std::cerr);
      return send(std::move(response), req.keep_alive());
    }
    request.budget = limits_.request_budget;
    request.deadline = Clock::now() + limits_.request_budget;
    hand_to_worker(request);
  }

  // The job runs on a worker; until its answer is posted back to this connection's strand
  // nothing else here touches the request (the parser, the match) it reads. The work guard
  // keeps the connection threads running while a job is out.
  void hand_to_worker(const Request& request) {
    auto job = [self = shared_from_this(), request,
                work = asio::make_work_guard(stream_.get_executor())]() noexcept {
      App& app = self->app_;
      app.metrics.worker_started();
      Response response;
      if (Clock::now() >= request.deadline) {  // waited for a worker past the budget
        try {
          check_budget(request, "before it was started (it waited for a worker)");
        } catch (const ApiError& e) {
          response = error_response(e);
        }
      } else {
        response = dispatch(*self->match_.route, app, request, self->match_.param, std::cerr);
      }
      if (response.error_code == "budget_exceeded") app.metrics.shed_budget();
      app.metrics.worker_finished();
      asio::post(work.get_executor(), [self, response = std::move(response)]() mutable {
        self->send(std::move(response), self->parser_->get().keep_alive());
      });
    };
    app_.metrics.request_queued();
    if (workers_.try_submit(std::move(job))) return;
    app_.metrics.request_unqueued();
    app_.metrics.shed_overloaded();
    ApiError e(503, "overloaded",
               "every evaluation worker is busy and " +
                   std::to_string(limits_.max_queued_requests) +
                   " requests are waiting (--max-queued-requests); retry later");
    e.headers.emplace_back("Retry-After", "1");
    send(error_response(e), parser_->get().keep_alive());
  }

  // An answer before the request was read to its end: the connection cannot be reused
  // unless the request had no body.
  void reply_early(const ApiError& e) {
    const bool complete = parser_->is_header_done() && parser_->is_done();
    send(error_response(e), complete && parser_->get().keep_alive());
  }

  void send(Response r, bool keep_alive) {
    keep_alive = keep_alive && !app_.draining.load();
    const unsigned version = parser_->is_header_done() ? parser_->get().version() : 11;
    res_.emplace(static_cast<http::status>(r.status), version);
    res_->set(http::field::server, kServerName);
    res_->set(http::field::content_type, r.content_type);
    res_->set(http::field::cache_control, "no-store");
    res_->set("X-Request-Id", std::to_string(request_id_));
    for (const auto& [name, value] : r.headers) res_->set(name, value);
    res_->body() = std::move(r.body);
    res_->keep_alive(keep_alive);
    res_->prepare_payload();
    record(r.status, res_->body().size());
    state_ = State::writing;
    stream_.expires_after(limits_.write_timeout);
    http::async_write(stream_, *res_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    if (ec) return close();
    if (!res_->keep_alive()) {
      // With the request read to its end there is nothing left to drain.
      if (parser_->is_done()) return close();
      return linger_close();
    }
    res_.reset();
    first_ = false;
    wait_for_request();
  }

  void record(unsigned status, size_t bytes_out) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    app_.metrics.observe_request(match_.label(), method_label(method_), status, seconds);
    if (!app_.access_log.enabled()) return;
    AccessLogEntry e;
    e.request_id = request_id_;
    e.remote = remote_;
    e.method = method_.empty() ? std::string_view("-") : std::string_view(method_);
    e.path = path_.empty() ? std::string_view("-") : std::string_view(path_);
    e.status = status;
    e.bytes_in = bytes_in_;
    e.bytes_out = bytes_out;
    e.duration_ms = seconds * 1000;
    app_.access_log.write(e);
  }

  // --- closing ------------------------------------------------------------------------------

  void linger_close() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    buffer_.consume(buffer_.size());
    stream_.expires_after(kLingerTime);
    discard_more();
  }

  void discard_more() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->discarded_ += n;
                              if (ec || self->discarded_ > kLingerBytes) return self->close();
                              self->discard_more();
                            });
  }

  void close() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  App& app_;
  const Router& router_;
  ConnectionRegistry& registry_;
  WorkerPool& workers_;
  const Limits& limits_;
  const std::string remote_;
  const std::string client_;  // the address the per-client cap counts
  uint64_t id_ = 0;
  State state_ = State::waiting;
  bool first_ = true;
  Clock::time_point header_deadline_;
  Clock::time_point started_ = Clock::now();
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> res_;
  std::string method_;
  std::string path_;
  RouteMatch match_;
  uint64_t request_id_ = 0;
  uint64_t bytes_in_ = 0;
  size_t discarded_ = 0;
};

// Over a cap: a fixed 503 or 429, then a lingering close (the answer is sent, and the
// sending side shut, at once). Never reads the request into memory.
class Rejection : public std::enable_shared_from_this<Rejection> {
 public:
  Rejection(tcp::socket&& socket, App& app, Refusal why)
      : stream_(std::move(socket)), app_(app), why_(why) {
    ++app_.rejecting;
  }
  ~Rejection() { --app_.rejecting; }

  void start() {
    const Limits& limits = app_.config.limits;
    const bool client = why_ == Refusal::client_cap;
    const std::string body =
        client ? "{\"error\":{\"code\":\"too_many_connections\",\"message\":\"too many open "
                 "connections from your address (at most " +
                     std::to_string(limits.max_connections_per_client) +
                     ", --max-connections-per-client); close some or retry later\",\"field\":null}}"
               : "{\"error\":{\"code\":\"overloaded\",\"message\":\"too many open connections (at "
                 "most " +
                     std::to_string(limits.max_connections) + "); retry later\",\"field\":null}}";
    text_ = std::string(client ? "HTTP/1.1 429 Too Many Requests"
                               : "HTTP/1.1 503 Service Unavailable") +
            "\r\nServer: " + kServerName +
            "\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
    stream_.expires_after(kLingerTime);
    asio::async_write(stream_, asio::buffer(text_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->discard_more();
                      });
  }

 private:
  void discard_more() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->discarded_ += n;
                              if (ec || self->discarded_ > kLingerBytes) return self->close();
                              self->discard_more();
                            });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  App& app_;
  const Refusal why_;
  std::string text_;
  beast::flat_buffer buffer_;
  size_t discarded_ = 0;
};

}  // namespace

std::string client_address(const tcp::socket& socket) {
  beast::error_code ec;
  const tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return {};
  asio::ip::address a = ep.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a.to_string();
}

void start_session(tcp::socket socket, std::string client, App& app, const Router& router,
                   ConnectionRegistry& registry, WorkerPool& workers) {
  std::make_shared<Session>(std::move(socket), std::move(client), app, router, registry, workers)
      ->start();
}

void reject_connection(tcp::socket socket, App& app, Refusal why) {
  if (why == Refusal::client_cap) {
    app.metrics.connection_rejected_per_client();
  } else {
    app.metrics.connection_rejected();
  }
  // Rejections are cheap but not free: beyond as many again as the cap, just close.
  if (app.rejecting.load() >= app.config.limits.max_connections) {
    beast::error_code ec;
    socket.close(ec);
    return;
  }
  std::make_shared<Rejection>(std::move(socket), app, why)->start();
}

}  // namespace entitle::server
