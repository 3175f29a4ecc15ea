// ApiRouter: one API request in, its response out, no I/O. Resolves the route (collection,
// item by key, OpenAPI document), checks the token and the body's type, runs the record
// operation and renders JSON or a problem; counts every request in the metrics.
#pragma once

#include <string>
#include <vector>

#include "api/request_metrics.hpp"
#include "http/types.hpp"
#include "v5store/api_server.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// Thread-safe: handle() may run on several threads at once (Records is).
class ApiRouter {
 public:
  struct Exposed {
    ApiStore store;
    const EntitySchema* entity;
  };

  // Throws as ApiServer's constructor.
  ApiRouter(ApiServerOptions options, std::vector<ApiStore> stores, MetricsRegistry* metrics);

  // Answers one request. Never throws: a failure inside answers 500.
  HttpResponse handle(const HttpRequest& request) const;

  const ApiServerOptions& options() const noexcept { return options_; }
  const std::vector<Exposed>& stores() const noexcept { return stores_; }
  const std::string& openapi() const noexcept { return openapi_; }

 private:
  HttpResponse route(const HttpRequest& request, std::string& route_label) const;

  ApiServerOptions options_;
  std::vector<Exposed> stores_;
  mutable RequestMetrics metrics_;
  std::string openapi_;
};

// The OpenAPI 3.1 document of a router's stores (api/openapi.cpp).
std::string openapi_document(const ApiServerOptions& options,
                             const std::vector<ApiRouter::Exposed>& stores);

}  // namespace v5store::detail
