// The API's per-request instruments, looked up once per label set.
#include "api/request_metrics.hpp"

#include <mutex>

namespace v5store::detail {

RequestMetrics::RequestMetrics(MetricsRegistry* registry, std::string component)
    : registry_(registry), component_(std::move(component)) {}

void RequestMetrics::record(std::string_view route, std::string_view method, unsigned status,
                            double seconds) {
  if (registry_ == nullptr) return;
  const Instruments found = instruments(route, method, status);
  found.requests->inc();
  found.duration->observe(seconds);
}

RequestMetrics::Instruments RequestMetrics::instruments(std::string_view route,
                                                        std::string_view method,
                                                        unsigned status) {
  std::string key;
  key.reserve(route.size() + method.size() + 6);
  key.append(route).append(1, '\n').append(method).append(1, '\n').append(
      std::to_string(status));
  {
    std::shared_lock lock(mutex_);
    if (const auto it = known_.find(key); it != known_.end()) return it->second;
  }
  const std::string route_label(route);
  const std::string method_label(method);
  const Instruments looked_up{
      &registry_->counter("v5store_http_requests_total", "HTTP requests answered by the API",
                          {{"component", component_},
                           {"route", route_label},
                           {"method", method_label},
                           {"status", std::to_string(status)}}),
      &registry_->histogram(
          "v5store_http_request_duration_seconds", "Time to answer an API request",
          {{"component", component_}, {"route", route_label}, {"method", method_label}})};
  std::unique_lock lock(mutex_);
  return known_.emplace(std::move(key), looked_up).first->second;
}

}  // namespace v5store::detail
