// The embedded monitoring HTTP endpoint (Boost.Asio + Beast): /metrics, /health,
// /health/live, /health/ready.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "v5store/health.hpp"

namespace v5store {

class MetricsRegistry;

// Options of the endpoint. The defaults bind to loopback only and bound every request.
struct MonitoringServerOptions {
  // "host:port"; port 0 picks a free port (see MonitoringServer::port()). IPv6 as "[::1]:9464".
  std::string listen = "127.0.0.1:9464";
  // When set, /health answers details only to "Authorization: Bearer <token>"; without it only
  // the overall status. /metrics, /health/live and /health/ready stay open (probes).
  std::string bearer_token;
  std::size_t max_request_bytes = 8192;  // request line + headers + body; past it: 431 / 413
  std::size_t max_header_count = 64;     // past it: 431
  // A connection must send the first byte of a request (its first, or the next on a kept-alive
  // connection) within idle_timeout, and then the whole request within request_timeout;
  // otherwise it is closed.
  std::chrono::milliseconds idle_timeout{2000};
  std::chrono::milliseconds request_timeout{5000};
  // At max_connections, or when one client address holds max_connections_per_client (0: no
  // such limit), a new connection closes the oldest one that is only waiting for or reading a
  // request; only when every connection is busy answering does it get 503. So idle or slow
  // clients never lock out a liveness probe.
  std::size_t max_connections = 64;
  std::size_t max_connections_per_client = 16;
};

// Serves the registry and the health report on its own thread. Slow, malformed or oversized
// requests are timed out or refused without blocking other clients.
// Thread-safe: start(), stop() and the accessors may be called from any thread.
class MonitoringServer {
 public:
  // `health` returns the latest report (HealthMonitor::report); empty: /health reports only
  // liveness and /health/ready always answers 200. `metrics` must outlive the server.
  MonitoringServer(MonitoringServerOptions options, const MetricsRegistry& metrics,
                   std::function<HealthReport()> health = {});
  // Stops the server.
  ~MonitoringServer();
  MonitoringServer(const MonitoringServer&) = delete;
  MonitoringServer& operator=(const MonitoringServer&) = delete;

  // Binds and starts serving. Throws Error(config) for an unparsable listen address and
  // Error(connection) when the address cannot be bound (in use, not permitted).
  void start();

  // Stops accepting, closes every connection and joins the thread. Idempotent, never throws.
  void stop() noexcept;

  // The bound port (useful with port 0); 0 before start().
  std::uint16_t port() const noexcept;

  // "http://host:port", for logs and tests.
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
