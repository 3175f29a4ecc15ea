// The umbrella header: includes the whole public API of libv5store.
//
// Example:
//   #include <v5store/v5store.hpp>
//   int main() { v5store::V5EnhancedStore store("shop.yaml"); store.records(); }
#pragma once

#include "v5store/alerts.hpp"
#include "v5store/api_server.hpp"
#include "v5store/async.hpp"
#include "v5store/cache_stats.hpp"
#include "v5store/detail/async_transact.hpp"
#include "v5store/dsn.hpp"
#include "v5store/entity_traits.hpp"
#include "v5store/error.hpp"
#include "v5store/health.hpp"
#include "v5store/introspection.hpp"
#include "v5store/logger.hpp"
#include "v5store/metrics.hpp"
#include "v5store/migrator.hpp"
#include "v5store/monitoring_server.hpp"
#include "v5store/performance.hpp"
#include "v5store/pool.hpp"
#include "v5store/query.hpp"
#include "v5store/record.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5store/store.hpp"
#include "v5store/transaction.hpp"
#include "v5store/types.hpp"
#include "v5store/version.hpp"
