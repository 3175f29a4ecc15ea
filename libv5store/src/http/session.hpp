// One client connection of an HTTP server (monitoring, API): reads requests with limits on
// size, header count and time, has them answered, and keeps the connection alive while asked.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/connections.hpp"
#include "http/types.hpp"

namespace v5store::detail {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `refuse` answers 503 at once and closes (no room: every connection is answering).
  // Otherwise the session registers itself in `connections` in run(). `workers` (null: the
  // handler runs on the I/O thread), `limits`, `handler` and `connections` must outlive it.
  HttpSession(boost::asio::ip::tcp::socket socket, const HttpLimits& limits,
              const HttpHandler& handler, boost::asio::thread_pool* workers,
              HttpConnections& connections, bool refuse);
  ~HttpSession();

  // Starts reading (or refusing) a connection from `client`. Runs on the socket's executor.
  void run(const boost::asio::ip::address& client);

  // Closes the connection to make room for a new one; `connections` has already dropped it.
  void evict() noexcept;

 private:
  // Waits up to idle_timeout for the first byte of the next request, then reads it.
  void wait_for_request();
  void read_header();
  void on_header(boost::beast::error_code ec);
  void on_body(boost::beast::error_code ec);
  void fail_request(boost::beast::error_code ec);
  void refuse(boost::beast::http::status status, std::string_view reason);
  void send(HttpResponse response);
  void on_write(bool close, boost::beast::error_code ec);
  void close();

  boost::beast::tcp_stream stream_;
  const HttpLimits& limits_;
  const HttpHandler& handler_;
  boost::asio::thread_pool* workers_;
  HttpConnections& connections_;
  std::optional<HttpConnections::Handle> registered_;  // empty when refused or evicted
  bool refuse_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
};

}  // namespace v5store::detail
