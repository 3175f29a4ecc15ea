// One client connection of the monitoring endpoint: reads requests with limits on size,
// header count and time, answers them, and keeps the connection alive while asked to.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "monitoring/http_connections.hpp"
#include "monitoring/http_routes.hpp"
#include "v5store/monitoring_server.hpp"

namespace v5store::detail {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `refuse` answers 503 at once and closes (no room: every connection is answering).
  // Otherwise the session registers itself in `connections` (which must outlive it) in run().
  HttpSession(boost::asio::ip::tcp::socket socket, const MonitoringServerOptions& options,
              RouteContext context, HttpConnections& connections, bool refuse);
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
  void send(HttpResponse response);
  void on_write(bool close, boost::beast::error_code ec);
  void close();

  boost::beast::tcp_stream stream_;
  const MonitoringServerOptions& options_;
  RouteContext context_;
  HttpConnections& connections_;
  std::optional<HttpConnections::Handle> registered_;  // empty when refused or evicted
  bool refuse_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
};

}  // namespace v5store::detail
