// The api components of a store's spec, served.
#include "api/served_apis.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "v5store/error.hpp"
#include "v5store/logger.hpp"

namespace v5store::detail {

std::vector<ServedApi> serve_apis(const SystemSpec& spec, const RecordsOfDatabase& records_of,
                                  MetricsRegistry& metrics, bool bind_failure_throws) {
  std::vector<ServedApi> served;
  for (const ApiSpec& api : spec.apis) {
    std::vector<ApiStore> stores;
    for (const std::string& name : api.stores) {
      const ComponentSpec* component = spec.find_component(name);
      if (component == nullptr) {
        throw Error(ErrorCode::config, fmt::format("api component {} serves '{}', which is not "
                                                   "a store component of system {}",
                                                   api.name, name, spec.name));
      }
      stores.push_back({name, component->entity, &records_of(component->database)});
    }
    ApiServerOptions options;
    options.listen = api.listen;
    options.base_path = api.base_path;
    options.bearer_token = api.bearer_token;
    options.component = api.name;
    options.max_body_bytes = static_cast<std::size_t>(api.max_body_bytes);
    auto server = std::make_unique<ApiServer>(std::move(options), std::move(stores), &metrics);
    try {
      server->start();
    } catch (const Error& e) {
      if (bind_failure_throws) throw;
      log(LogLevel::error, "api", "the system runs without this api component",
          {{"component", api.name}, {"error", e.what()}});
      continue;
    }
    std::fprintf(stderr, "v5store: system %s serves api %s at %s%s\n", spec.name.c_str(),
                 api.name.c_str(), server->url().c_str(), api.base_path.c_str());
    served.push_back({api.name, std::move(server)});
  }
  return served;
}

}  // namespace v5store::detail
