// The routes of the monitoring endpoint: a request in, a response out, no I/O.
#pragma once

#include <functional>
#include <string>

#include <boost/beast/http.hpp>

#include "http/types.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"

namespace v5store::detail {

struct RouteContext {
  const MetricsRegistry& metrics;
  const std::function<HealthReport()>& health;
  const std::string& bearer_token;
};

// Answers GET/HEAD /metrics, /health, /health/live and /health/ready; 404 for another path,
// 405 for another method. Never throws: a failing handler answers 500.
HttpResponse handle_request(const HttpRequest& request, const RouteContext& context);

// A response with a plain-text body and `Connection: close` (errors found while reading).
HttpResponse error_response(boost::beast::http::status status, unsigned version,
                            std::string_view reason);

}  // namespace v5store::detail
