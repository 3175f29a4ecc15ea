// Monitoring overhead: BM_PointSelect/v5_cached_nomon is core's BM_PointSelect/v5_cached (the
// fixture of bench/support/point_select_fixture.hpp: lease + cached prepared statement on an
// in-memory SQLite table of 10000 rows) with monitoring off: the pool has no metrics registry
// (no acquire histogram, no counters) and no health monitor runs.
// BM_PointSelect/v5_cached_monitored adds the health monitor running every category at a 1 s
// interval beside the store. Compare both with v5_cached; the target is at most 1.02x.
#include <benchmark/benchmark.h>

#include "support/point_select_fixture.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"

namespace {

using v5bench::fill;
using v5bench::memory_database;
using v5bench::point_selects;

void BM_PointSelect_v5_cached_nomon(benchmark::State& state) {
  v5store::ConnectionPool pool(memory_database(1), nullptr);
  {
    v5store::Lease lease = pool.acquire();
    fill(lease.session());
  }
  point_selects(state, [&] { return pool.acquire(); });
}
BENCHMARK(BM_PointSelect_v5_cached_nomon)->Name("BM_PointSelect/v5_cached_nomon");

void BM_PointSelect_v5_cached_monitored(benchmark::State& state) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(memory_database(1));
  v5store::V5EnhancedStore store(spec);
  {
    v5store::Lease lease = store.acquire();
    fill(lease.session());
  }
  v5store::HealthMonitorOptions options;
  options.monitoring.health_interval_ms = 1000;
  v5store::HealthSources sources;
  sources.pools = {&store.pool()};
  sources.metrics = &store.metrics();
  v5store::HealthMonitor monitor(options, sources);
  monitor.start();
  point_selects(state, [&] { return store.acquire(); });
  monitor.stop();
}
BENCHMARK(BM_PointSelect_v5_cached_monitored)->Name("BM_PointSelect/v5_cached_monitored");

}  // namespace
