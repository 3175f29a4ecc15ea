// One client connection of the monitoring endpoint: reads requests with limits on size,
// header count and time, answers them, and keeps the connection alive while asked to.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "monitoring/http_routes.hpp"
#include "v5store/monitoring_server.hpp"

namespace v5store::detail {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `open_sessions` counts the live sessions; this one counts itself until destroyed.
  // `refuse` answers 503 at once and closes (over the connection limit).
  HttpSession(boost::asio::ip::tcp::socket socket, const MonitoringServerOptions& options,
              RouteContext context, std::shared_ptr<std::atomic<std::size_t>> open_sessions,
              bool refuse);
  ~HttpSession();

  // Starts reading (or refusing). Runs on the socket's executor.
  void run();

 private:
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
  std::shared_ptr<std::atomic<std::size_t>> open_sessions_;
  bool refuse_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
};

}  // namespace v5store::detail
