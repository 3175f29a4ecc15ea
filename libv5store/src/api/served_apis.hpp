// The ApiServers a V5EnhancedStore starts for the `type: api` components of its spec.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "v5store/api_server.hpp"
#include "v5store/records.hpp"
#include "v5store/spec.hpp"

namespace v5store::detail {

struct ServedApi {
  std::string component;
  std::unique_ptr<ApiServer> server;
};

// The Records of a database of the spec, by its name.
using RecordsOfDatabase = std::function<Records&(const std::string& database)>;

// Starts an ApiServer per api component of `spec` over the Records that `records_of` gives and
// `metrics`. One that cannot bind throws Error(connection) when `bind_failure_throws`, else is
// logged and left out; a store it names that the spec lacks is Error(config).
std::vector<ServedApi> serve_apis(const SystemSpec& spec, const RecordsOfDatabase& records_of,
                                  MetricsRegistry& metrics, bool bind_failure_throws);

}  // namespace v5store::detail
