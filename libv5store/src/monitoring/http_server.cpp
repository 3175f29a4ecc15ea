// MonitoringServer: the monitoring routes on the shared HTTP server.
#include "v5store/monitoring_server.hpp"

#include "http/server.hpp"
#include "monitoring/http_routes.hpp"
#include "v5store/metrics.hpp"

namespace v5store {

namespace {

detail::HttpLimits limits_of(const MonitoringServerOptions& options) {
  detail::HttpLimits limits;
  limits.max_header_bytes = options.max_request_bytes;
  limits.max_body_bytes = options.max_request_bytes;
  limits.max_buffered_bytes = options.max_request_bytes;
  limits.max_header_count = options.max_header_count;
  limits.idle_timeout = options.idle_timeout;
  limits.request_timeout = options.request_timeout;
  limits.drain_timeout = options.request_timeout;
  limits.max_connections = options.max_connections;
  limits.max_connections_per_client = options.max_connections_per_client;
  return limits;
}

}  // namespace

struct MonitoringServer::Impl {
  Impl(MonitoringServerOptions opts, const MetricsRegistry& registry,
       std::function<HealthReport()> health_fn)
      : options(std::move(opts)),
        metrics(registry),
        health(std::move(health_fn)),
        server("monitoring", limits_of(options),
               detail::HttpHandler{
                   [this](const detail::HttpRequest& request) {
                     return detail::handle_request(
                         request, detail::RouteContext{metrics, health, options.bearer_token});
                   },
                   detail::error_response, 0}) {}

  MonitoringServerOptions options;
  const MetricsRegistry& metrics;
  std::function<HealthReport()> health;
  detail::HttpServer server;
};

MonitoringServer::MonitoringServer(MonitoringServerOptions options,
                                   const MetricsRegistry& metrics,
                                   std::function<HealthReport()> health)
    : impl_(std::make_unique<Impl>(std::move(options), metrics, std::move(health))) {}

MonitoringServer::~MonitoringServer() { stop(); }

void MonitoringServer::start() { impl_->server.start(impl_->options.listen); }

void MonitoringServer::stop() noexcept { impl_->server.stop(); }

std::uint16_t MonitoringServer::port() const noexcept { return impl_->server.port(); }

std::string MonitoringServer::url() const { return impl_->server.url(); }

}  // namespace v5store
