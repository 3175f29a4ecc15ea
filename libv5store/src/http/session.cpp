// One client connection of an HTTP server.
#include "http/session.hpp"

#include <iterator>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

namespace v5store::detail {

namespace beast = boost::beast;
namespace http = boost::beast::http;

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, const HttpLimits& limits,
                         const HttpHandler& handler, boost::asio::thread_pool* workers,
                         HttpConnections& connections, bool refuse)
    : stream_(std::move(socket)),
      limits_(limits),
      handler_(handler),
      workers_(workers),
      connections_(connections),
      refuse_(refuse),
      buffer_(limits.max_buffered_bytes) {}

HttpSession::~HttpSession() {
  if (registered_) connections_.remove(*registered_);
}

void HttpSession::run(const boost::asio::ip::address& client) {
  if (refuse_) {
    stream_.expires_after(limits_.request_timeout);
    return refuse(http::status::service_unavailable, "too many connections");
  }
  registered_ = connections_.add(weak_from_this(), client);
  wait_for_request();
}

void HttpSession::evict() noexcept {
  registered_.reset();
  close();
}

void HttpSession::wait_for_request() {
  if (registered_) (*registered_)->answering = false;
  if (buffer_.size() > 0) return read_header();  // the next request is already here
  // A connection that sends nothing is closed after idle_timeout, long before it would be
  // evicted; a request once begun has request_timeout to arrive whole.
  stream_.expires_after(limits_.idle_timeout);
  stream_.async_read_some(buffer_.prepare(limits_.max_buffered_bytes),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (ec) return self->fail_request(ec);
                            self->buffer_.commit(n);
                            self->read_header();
                          });
}

void HttpSession::read_header() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  // A Content-Length past the limit fails at the header: 413 without reading the body.
  parser_->body_limit(limits_.max_body_bytes);
  // The whole request (headers and body) must arrive within the timeout: a slow client is
  // cut off, and it never holds up another, since every connection is asynchronous.
  stream_.expires_after(limits_.request_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            self->on_header(ec);
                          });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return fail_request(ec);
  const auto& header = parser_->get();
  if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) >
      limits_.max_header_count) {
    return refuse(http::status::request_header_fields_too_large, "too many header fields");
  }
  if (parser_->is_done()) return on_body({});
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     self->on_body(ec);
                   });
}

void HttpSession::on_body(beast::error_code ec) {
  if (ec) return fail_request(ec);
  if (registered_) (*registered_)->answering = true;
  if (workers_ == nullptr) return send(handler_.handle(parser_->get()));
  // The handler blocks: it runs on a worker, and the response comes back to the I/O thread.
  // The worker hands its reference over, so the session always ends on the I/O thread.
  // The work guard keeps the I/O thread running until the response is back, also while the
  // server drains at shutdown.
  boost::asio::post(*workers_, [self = shared_from_this(),
                                work = boost::asio::make_work_guard(stream_.get_executor())]() mutable {
    HttpResponse response = self->handler_.handle(self->parser_->get());
    boost::asio::post(work.get_executor(),
                      [self = std::move(self), r = std::move(response)]() mutable {
                        self->send(std::move(r));
                      });
    work.reset();
  });
}

void HttpSession::fail_request(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::eof ||
      ec == boost::asio::error::connection_reset) {
    // Client gone, or too slow: a timed-out stream is already closed.
    return close();
  }
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return refuse(http::status::request_header_fields_too_large, "request header too large");
  }
  if (ec == http::error::body_limit) {
    return refuse(http::status::payload_too_large, "request body too large");
  }
  refuse(http::status::bad_request, "malformed request");
}

void HttpSession::refuse(http::status status, std::string_view reason) {
  HttpResponse response = handler_.refuse(status, 11, reason);
  response.keep_alive(false);
  send(std::move(response));
}

void HttpSession::send(HttpResponse response) {
  response_ = std::make_shared<HttpResponse>(std::move(response));
  if (connections_.draining()) response_->keep_alive(false);
  const bool close_after = response_->need_eof();
  stream_.expires_after(limits_.request_timeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                      self->on_write(close_after, ec);
                    });
}

void HttpSession::on_write(bool close_after, beast::error_code ec) {
  response_.reset();
  if (ec || close_after || refuse_ || connections_.draining()) return close();
  wait_for_request();
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace v5store::detail
