// Monitoring overhead: BM_PointSelect/v5_cached_nomon is core's BM_PointSelect/v5_cached (the
// fixture of bench/support/point_select_fixture.hpp: a store over one in-memory SQLite table
// of 10000 rows, a lease and a cached prepared statement per select) with
// StoreOptions::monitoring = false: no health monitor threads and no per-statement
// statistics. v5_cached runs with monitoring on (the default), so every execute() is also
// counted into the store's PerformanceMonitor. Target: v5_cached / v5_cached_nomon <= 1.02
// (CPU time).
#include <benchmark/benchmark.h>

#include "support/fixed_iterations.hpp"
#include "support/point_select_fixture.hpp"
#include "v5store/store.hpp"

namespace {

void BM_PointSelect_v5_cached_nomon(benchmark::State& state) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(v5bench::memory_database(1));  // one in-memory database
  v5store::StoreOptions options;
  options.monitoring = false;
  v5store::V5EnhancedStore store(spec, options);
  {
    v5store::Lease lease = store.acquire();
    v5bench::fill(lease.session());
  }
  v5bench::point_selects(state, [&] { return store.acquire(); });
}
BENCHMARK(BM_PointSelect_v5_cached_nomon)
    ->Name("BM_PointSelect/v5_cached_nomon")
    ->Apply(v5bench::iterations_from_env);

}  // namespace
