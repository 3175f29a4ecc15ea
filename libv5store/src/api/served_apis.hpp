// The ApiServers a V5EnhancedStore starts for the `type: api` components of its spec.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "v5store/api_server.hpp"
#include "v5store/store.hpp"

namespace v5store::detail {

struct ServedApi {
  std::string component;
  std::unique_ptr<ApiServer> server;
};

// Starts an ApiServer per api component of store.spec() over the store's Records and
// metrics (mode off: none). One that cannot bind is logged and left out (automatic) or
// throws Error(connection) (required); a store it names that the spec lacks is
// Error(config).
std::vector<ServedApi> serve_apis(V5EnhancedStore& store, MonitoringEndpoint mode);

}  // namespace v5store::detail
