// The JSON-over-HTTP API of store components (docs/api.md): list with PostgREST-style filters
// and keyset paging, create, read, replace, patch and delete by primary key, and an OpenAPI
// 3.1 document, all driven by the schema registry. Runs on the same Boost.Asio/Beast server
// as the monitoring endpoint; V5EnhancedStore starts one per `type: api` component.
//
// Example:
//   v5store::Records& records = store.records();
//   v5store::ApiServerOptions options;
//   options.listen = "127.0.0.1:8080";
//   options.bearer_token = std::getenv("API_TOKEN");      // optional
//   v5store::ApiServer api(options, {{"customers", "customer", &records}}, &store.metrics());
//   api.start();
//   // curl -H 'Authorization: Bearer ...' 'http://127.0.0.1:8080/api/customers?name=like.A*'
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace v5store {

class MetricsRegistry;
class Records;

// One exposed store component: its path segment (`/api/<name>`), its entity and the Records
// of the entity's database (which must outlive the server).
struct ApiStore {
  std::string name;
  std::string entity;
  Records* records = nullptr;
};

// Options of the API server. The defaults bind to loopback only and bound every request.
struct ApiServerOptions {
  // "host:port"; port 0 picks a free port (see ApiServer::port()). IPv6 as "[::1]:8080".
  std::string listen = "127.0.0.1:8080";
  // The path every route starts with: "/api" serves /api/<store> and /api/openapi.json.
  std::string base_path = "/api";
  // When set, every request needs "Authorization: Bearer <token>" (else 401).
  std::string bearer_token;
  // The `component` label of the metrics ("api").
  std::string component = "api";
  std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413 before they are read
  std::size_t max_header_bytes = 8192;   // request line + headers; past it: 431
  std::size_t max_header_count = 64;
  std::chrono::milliseconds idle_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};
  // How long stop() waits for the requests being answered to finish and be written.
  std::chrono::milliseconds shutdown_timeout{10000};
  std::size_t max_connections = 256;
  std::size_t max_connections_per_client = 0;  // 0: no per-client limit
  // Threads that run the database calls of requests (the I/O has its own thread).
  std::size_t threads = 4;
  // Rows of a list page without `limit`, and the largest `limit` accepted.
  std::size_t default_limit = 100;
  std::size_t max_limit = 1000;
};

// Serves the API on a thread of its own plus `threads` handler threads.
// Thread-safe: start(), stop() and the accessors may be called from any thread.
class ApiServer {
 public:
  // Exposes `stores` (each name at most once, each entity in its Records' registry).
  // `metrics`, when given, receives v5store_http_requests_total{component,route,method,status}
  // and v5store_http_request_duration_seconds{component,route,method} and must outlive the
  // server. Throws Error(config) for an empty or repeated store name, a store without
  // Records, a base_path that does not start with '/', and Error(schema) for an unknown
  // entity.
  ApiServer(ApiServerOptions options, std::vector<ApiStore> stores,
            MetricsRegistry* metrics = nullptr);
  // Stops the server.
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds and starts serving. Throws Error(config) for an unparsable listen address and
  // Error(connection) when it cannot be bound. No-op while serving.
  void start();

  // Graceful: stops accepting (new connections are refused), closes idle connections, lets
  // the requests being answered finish and writes their responses (`Connection: close`) for
  // up to shutdown_timeout, then closes every connection and joins the threads. Idempotent,
  // never throws.
  void stop() noexcept;

  // The bound port (useful with port 0); 0 before start().
  std::uint16_t port() const noexcept;

  // "http://host:port" (without the base path), for logs and tests.
  std::string url() const;

  // The OpenAPI 3.1 document of the exposed stores (what GET <base>/openapi.json answers).
  const std::string& openapi() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
