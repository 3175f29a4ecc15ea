// The record operations behind the routes of one exposed store: list, create, read,
// replace, patch, delete. Each returns the response or throws ApiProblem / v5store::Error.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "api/router.hpp"
#include "http/types.hpp"

namespace v5store::detail {

struct StoreRoute {
  const ApiRouter::Exposed& exposed;
  std::string collection_path;  // "<base>/<store>"
  const HttpRequest& request;
};

HttpResponse list_rows(const StoreRoute& route, const ApiServerOptions& options);
HttpResponse create_row(const StoreRoute& route);
// `key` holds the decoded path segments after the store's.
HttpResponse read_row(const StoreRoute& route, std::span<const std::string> key);
HttpResponse write_row(const StoreRoute& route, std::span<const std::string> key, bool whole);
HttpResponse delete_row(const StoreRoute& route, std::span<const std::string> key);

// A JSON response (200, 201) with `body`.
HttpResponse json_response(unsigned status, unsigned version, std::string body);

}  // namespace v5store::detail
