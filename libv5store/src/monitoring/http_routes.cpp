// The routes of the monitoring endpoint.
#include "monitoring/http_routes.hpp"

#include <string_view>

#include "http/bearer.hpp"

namespace v5store::detail {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kJsonContentType = "application/json";

HttpResponse make_response(http::status status, unsigned version, std::string_view content_type,
                           std::string body) {
  HttpResponse response{status, version};
  response.set(http::field::server, "v5store");
  response.set(http::field::content_type,
               boost::beast::string_view(content_type.data(), content_type.size()));
  response.set(http::field::cache_control, "no-store");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse health_response(const HttpRequest& request, const RouteContext& context,
                             bool details) {
  if (!context.health) {
    return make_response(http::status::ok, request.version(), kJsonContentType,
                         R"({"status":"healthy","categories":{}})");
  }
  const auto report = context.health();
  return make_response(report.ready() ? http::status::ok : http::status::service_unavailable,
                       request.version(), kJsonContentType, report.to_json(details));
}

HttpResponse route(const HttpRequest& request, const RouteContext& context) {
  std::string_view target(request.target().data(), request.target().size());
  target = target.substr(0, target.find('?'));
  if (target == "/metrics") {
    return make_response(http::status::ok, request.version(), kMetricsContentType,
                         context.metrics.render_prometheus());
  }
  if (target == "/health/live") {
    return make_response(http::status::ok, request.version(), kJsonContentType,
                         R"({"status":"alive"})");
  }
  if (target == "/health/ready") {
    return health_response(request, context, false);
  }
  if (target == "/health") {
    return health_response(request, context, bearer_matches(request, context.bearer_token));
  }
  return make_response(http::status::not_found, request.version(), "text/plain",
                       "not found\n");
}

}  // namespace

HttpResponse error_response(http::status status, unsigned version, std::string_view reason) {
  auto response = make_response(status, version, "text/plain", std::string(reason) + "\n");
  response.keep_alive(false);
  return response;
}

HttpResponse handle_request(const HttpRequest& request, const RouteContext& context) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    auto response = make_response(http::status::method_not_allowed, request.version(),
                                  "text/plain", "method not allowed\n");
    response.set(http::field::allow, "GET, HEAD");
    response.keep_alive(request.keep_alive());
    return response;
  }
  HttpResponse response;
  try {
    response = route(request, context);
  } catch (const std::exception&) {
    response = make_response(http::status::internal_server_error, request.version(),
                             "text/plain", "internal error\n");
  }
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  return response;
}

}  // namespace v5store::detail
