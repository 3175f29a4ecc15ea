// The API's per-request metrics (docs/api.md): v5store_http_requests_total{component,route,
// method,status} and v5store_http_request_duration_seconds{component,route,method}. Each
// label set is looked up in the registry once and kept, so a request takes no registry lock.
#pragma once

#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "v5store/metrics.hpp"

namespace v5store::detail {

// Thread-safe: record() may run on several threads at once.
class RequestMetrics {
 public:
  // Counts nothing when `registry` is null; `registry` must outlive this.
  RequestMetrics(MetricsRegistry* registry, std::string component);

  // Counts one answered request of `route` (a route template, never a key), `method` (its
  // name, or "other") and `status`, and observes how long answering it took.
  void record(std::string_view route, std::string_view method, unsigned status, double seconds);

 private:
  struct Instruments {
    Counter* requests;
    Histogram* duration;
  };

  Instruments instruments(std::string_view route, std::string_view method, unsigned status);

  MetricsRegistry* registry_;
  std::string component_;
  std::shared_mutex mutex_;
  // Key: route, method and status joined by '\n' (a route template holds no newline).
  std::unordered_map<std::string, Instruments> known_;
};

}  // namespace v5store::detail
