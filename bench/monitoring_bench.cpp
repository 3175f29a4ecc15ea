// Monitoring overhead: BM_PointSelect/v5_cached_nomon is BM_PointSelect/v5_cached
// (bench/core_bench.cpp: a store over one in-memory SQLite database of 10000 rows, a lease and
// a cached prepared statement per select) with StoreOptions::monitoring = false: no health
// monitor threads and no per-statement statistics. v5_cached runs with monitoring on (the
// default), so every execute() is also counted into the store's PerformanceMonitor. The
// target is v5_cached / v5_cached_nomon <= 1.02 (CPU time).
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "v5store/store.hpp"

namespace {

constexpr int kRows = 10000;
const std::string kPointSelect = "SELECT name, amount FROM bench_items WHERE id = :p1";

struct Keys {
  std::uint32_t state = 12345;
  long long next() {
    state = state * 1664525u + 1013904223u;
    return 1 + static_cast<long long>(state % kRows);
  }
};

v5store::DatabaseSpec memory_database() {
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = "db=:memory:";
  database.pool.max_size = 1;
  database.pool.min_idle = 1;
  database.pool.leak_detection_ms = 60000;
  return database;
}

void fill(soci::session& session) {
  session << "CREATE TABLE bench_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "amount INTEGER NOT NULL)";
  soci::transaction tx(session);
  long long id = 0;
  std::string name;
  long long amount = 0;
  soci::statement insert = (session.prepare << "INSERT INTO bench_items (id, name, amount) "
                                               "VALUES (:id, :name, :amount)",
                            soci::use(id), soci::use(name), soci::use(amount));
  for (id = 1; id <= kRows; ++id) {
    name = "item-" + std::to_string(id);
    amount = id * 3;
    insert.execute(true);
  }
  tx.commit();
}

void BM_PointSelect_v5_cached_nomon(benchmark::State& state) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(memory_database());
  v5store::StoreOptions options;
  options.monitoring = false;
  v5store::V5EnhancedStore store(spec, options);
  {
    v5store::Lease lease = store.acquire();
    fill(lease.session());
  }
  const std::vector<v5store::FieldType> params{v5store::FieldType::int64};
  const std::vector<v5store::FieldType> results{v5store::FieldType::string,
                                                v5store::FieldType::int64};
  Keys keys;
  for (auto _ : state) {
    v5store::Lease lease = store.acquire();
    auto& select = lease.connection().statement(kPointSelect, params, results);
    select.bind(0, v5store::Value(static_cast<std::int64_t>(keys.next())));
    if (select.execute()) {
      v5store::Value name = select.result(0);
      v5store::Value amount = select.result(1);
      benchmark::DoNotOptimize(name);
      benchmark::DoNotOptimize(amount);
    }
  }
}
BENCHMARK(BM_PointSelect_v5_cached_nomon)->Name("BM_PointSelect/v5_cached_nomon");

}  // namespace
