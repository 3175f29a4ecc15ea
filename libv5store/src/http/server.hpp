// HttpServer: the acceptor, the I/O thread and the lifecycle shared by the monitoring
// endpoint and the API server; what a request gets is the HttpHandler's.
#pragma once

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/connections.hpp"
#include "http/types.hpp"

namespace v5store::detail {

// Splits "host:port" / "[v6]:port" into an endpoint without DNS lookups ("localhost" is
// 127.0.0.1, "" and "*" every address). Throws Error(config) naming `key` ("api.listen") and
// the text when it does not parse. Thread-safe.
boost::asio::ip::tcp::endpoint parse_listen(const std::string& listen, std::string_view key);

// Thread-safe: start(), stop() and the accessors may be called from any thread.
class HttpServer {
 public:
  // `name` names the server in errors ("monitoring", "api").
  HttpServer(std::string name, HttpLimits limits, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `listen` and starts serving on a thread of its own. Throws Error(config) for an
  // unparsable address, Error(connection) when it cannot be bound. No-op when serving.
  // Starts the handler's worker threads too.
  void start(const std::string& listen);

  // Graceful: stops accepting, closes the connections that wait for or are still reading a
  // request, and lets the requests being answered finish and their responses be written
  // (with `Connection: close`) for up to limits.drain_timeout; then closes what is left and
  // joins the threads. Idempotent, never throws.
  void stop() noexcept;

  std::uint16_t port() const noexcept { return port_.load(); }
  // "http://host:port"; "http://:0" before start().
  std::string url() const;

 private:
  void accept();

  const std::string name_;
  const HttpLimits limits_;
  const HttpHandler handler_;
  // Used on the I/O thread only; declared before `io_`, whose handlers hold the sessions.
  HttpConnections connections_{limits_.max_connections, limits_.max_connections_per_client};
  mutable std::mutex mutex_;  // guards start/stop and host_
  std::unique_ptr<boost::asio::io_context> io_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::unique_ptr<boost::asio::thread_pool> workers_;  // null: the handler runs on the thread
  std::thread thread_;
  std::future<void> thread_done_;  // ready when the I/O thread ran out of work
  std::atomic<std::uint16_t> port_{0};
  std::string host_;
};

}  // namespace v5store::detail
