// ApiServer: the API routes on the shared HTTP server.
#include "v5store/api_server.hpp"

#include "api/problem.hpp"
#include "api/router.hpp"
#include "http/server.hpp"

namespace v5store {

namespace {

detail::HttpLimits limits_of(const ApiServerOptions& options) {
  detail::HttpLimits limits;
  limits.max_header_bytes = options.max_header_bytes;
  limits.max_body_bytes = options.max_body_bytes;
  limits.max_buffered_bytes = options.max_header_bytes + options.max_body_bytes;
  limits.max_header_count = options.max_header_count;
  limits.idle_timeout = options.idle_timeout;
  limits.request_timeout = options.request_timeout;
  limits.drain_timeout = options.shutdown_timeout;
  limits.max_connections = options.max_connections;
  limits.max_connections_per_client = options.max_connections_per_client;
  return limits;
}

detail::HttpResponse refused(boost::beast::http::status status, unsigned version,
                             std::string_view reason) {
  return detail::problem_response(detail::ApiProblem(status, std::string(reason)), version);
}

}  // namespace

struct ApiServer::Impl {
  Impl(ApiServerOptions options, std::vector<ApiStore> stores, MetricsRegistry* metrics)
      : router(std::move(options), std::move(stores), metrics),
        server("api", limits_of(router.options()),
               detail::HttpHandler{
                   [this](const detail::HttpRequest& request) { return router.handle(request); },
                   refused, router.options().threads}) {}

  detail::ApiRouter router;
  detail::HttpServer server;
};

ApiServer::ApiServer(ApiServerOptions options, std::vector<ApiStore> stores,
                     MetricsRegistry* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(stores), metrics)) {}

ApiServer::~ApiServer() { stop(); }

void ApiServer::start() { impl_->server.start(impl_->router.options().listen); }

void ApiServer::stop() noexcept { impl_->server.stop(); }

std::uint16_t ApiServer::port() const noexcept { return impl_->server.port(); }

std::string ApiServer::url() const { return impl_->server.url(); }

const std::string& ApiServer::openapi() const noexcept { return impl_->router.openapi(); }

}  // namespace v5store
