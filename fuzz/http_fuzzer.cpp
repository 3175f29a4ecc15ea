// libFuzzer target: raw bytes through the monitoring endpoint's request parsing (Beast, with
// the server's default limits) and routing (handle_request), as one connection would see them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "monitoring/http_routes.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/monitoring_server.hpp"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static v5store::MetricsRegistry metrics;
  static const std::function<v5store::HealthReport()> health = [] {
    return v5store::HealthReport{};
  };
  static const std::string token = "fuzz-token";
  const v5store::MonitoringServerOptions defaults;
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(defaults.max_request_bytes));
  parser.body_limit(defaults.max_request_bytes);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && parser.is_done()) {
    const v5store::detail::RouteContext context{metrics, health, token};
    const auto response = v5store::detail::handle_request(parser.get(), context);
    (void)response;
  }
  return 0;
}
