// ApiRouter: routing, authentication, problems and metrics of the API.
#include "api/router.hpp"

#include <chrono>
#include <set>

#include <fmt/format.h>

#include "api/list_query.hpp"
#include "api/problem.hpp"
#include "api/store_routes.hpp"
#include "http/bearer.hpp"
#include "v5store/error.hpp"
#include "v5store/records.hpp"

namespace v5store::detail {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kCollectionMethods = "GET, HEAD, POST";
constexpr std::string_view kItemMethods = "GET, HEAD, PUT, PATCH, DELETE";

void check_token(const HttpRequest& request, const std::string& token) {
  if (!bearer_matches(request, token)) {
    throw ApiProblem(http::status::unauthorized, "a valid bearer token is required")
        .header("WWW-Authenticate", "Bearer");
  }
}

ApiProblem not_allowed(std::string_view allow) {
  return ApiProblem(http::status::method_not_allowed,
                    fmt::format("this route answers {}", allow))
      .header("Allow", std::string(allow));
}

// Decoded path segments ('+' stays a plus in a path).
std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (;;) {
    const auto end = path.find('/', start);
    segments.push_back(percent_decode(path.substr(start, end - start), false));
    if (end == std::string_view::npos) return segments;
    start = end + 1;
  }
}

}  // namespace

ApiRouter::ApiRouter(ApiServerOptions options, std::vector<ApiStore> stores,
                     MetricsRegistry* metrics)
    : options_(std::move(options)), metrics_(metrics, options_.component) {
  if (!options_.base_path.starts_with('/')) {
    throw Error(ErrorCode::config,
                fmt::format("api base_path '{}' must start with '/'", options_.base_path));
  }
  while (options_.base_path.size() > 1 && options_.base_path.ends_with('/')) {
    options_.base_path.pop_back();
  }
  if (options_.base_path == "/") options_.base_path.clear();
  std::set<std::string> names;
  for (ApiStore& store : stores) {
    if (store.name.empty() || store.name == "openapi.json" || !names.insert(store.name).second) {
      throw Error(ErrorCode::config,
                  fmt::format("api store name '{}' is empty, reserved or repeated", store.name));
    }
    if (store.records == nullptr) {
      throw Error(ErrorCode::config, fmt::format("api store '{}' has no Records", store.name));
    }
    const EntitySchema* entity = &store.records->registry().entity(store.entity);
    stores_.push_back(Exposed{std::move(store), entity});
  }
  openapi_ = openapi_document(options_, stores_);
}

HttpResponse ApiRouter::handle(const HttpRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  std::string route_label = "other";
  HttpResponse response;
  try {
    response = route(request, route_label);
  } catch (const ApiProblem& problem) {
    response = problem_response(problem, request.version());
  } catch (const std::exception&) {
    response = problem_response(
        ApiProblem(http::status::internal_server_error, "internal error"), request.version());
  }
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  const auto method = request.method();
  const boost::beast::string_view method_name = request.method_string();
  metrics_.record(route_label,
                  method == http::verb::unknown
                      ? std::string_view("other")
                      : std::string_view(method_name.data(), method_name.size()),
                  response.result_int(),
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return response;
}

HttpResponse ApiRouter::route(const HttpRequest& request, std::string& route_label) const {
  std::string_view path(request.target().data(), request.target().size());
  path = path.substr(0, path.find('?'));
  check_token(request, options_.bearer_token);
  const std::string& base = options_.base_path;
  if (!path.starts_with(base + "/")) {
    throw ApiProblem(http::status::not_found, "no such route");
  }
  const std::vector<std::string> segments = segments_of(path.substr(base.size() + 1));
  const auto method = request.method();
  const bool reading = method == http::verb::get || method == http::verb::head;
  if (segments.size() == 1 && segments[0] == "openapi.json") {
    route_label = base + "/openapi.json";
    if (!reading) throw not_allowed("GET, HEAD");
    return json_response(200, request.version(), openapi_);
  }
  const Exposed* exposed = nullptr;
  for (const Exposed& candidate : stores_) {
    if (candidate.store.name == segments[0]) exposed = &candidate;
  }
  if (exposed == nullptr) throw ApiProblem(http::status::not_found, "no such route");
  const StoreRoute store_route{*exposed, base + "/" + exposed->store.name, request};
  const std::span<const std::string> key(segments.begin() + 1, segments.end());
  try {
    if (key.empty()) {
      route_label = store_route.collection_path;
      if (reading) return list_rows(store_route, options_);
      if (method == http::verb::post) return create_row(store_route);
      throw not_allowed(kCollectionMethods);
    }
    if (key.size() != exposed->entity->primary_key().size()) {
      throw ApiProblem(http::status::not_found,
                       fmt::format("{} has a key of {} segment(s)", exposed->store.name,
                                   exposed->entity->primary_key().size()));
    }
    route_label = store_route.collection_path + "/{key}";
    if (reading) return read_row(store_route, key);
    if (method == http::verb::put) return write_row(store_route, key, true);
    if (method == http::verb::patch) return write_row(store_route, key, false);
    if (method == http::verb::delete_) return delete_row(store_route, key);
    throw not_allowed(kItemMethods);
  } catch (const Error& e) {
    throw problem_of(e, *exposed->entity);
  }
}

}  // namespace v5store::detail
