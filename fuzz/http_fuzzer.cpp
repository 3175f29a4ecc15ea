// libFuzzer target: raw bytes through the monitoring endpoint's request parsing (Beast, with
// the server's default limits) and routing (handle_request), as one connection would see them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "http_request_input.hpp"
#include "monitoring/http_routes.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/monitoring_server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static v5store::MetricsRegistry metrics;
  static const std::function<v5store::HealthReport()> health = [] {
    return v5store::HealthReport{};
  };
  static const std::string token = "fuzz-token";
  const v5store::MonitoringServerOptions defaults;
  const auto request =
      v5fuzz::parse_request(data, size, defaults.max_request_bytes, defaults.max_request_bytes);
  if (request) {
    const v5store::detail::RouteContext context{metrics, health, token};
    const auto response = v5store::detail::handle_request(*request, context);
    (void)response;
  }
  return 0;
}
