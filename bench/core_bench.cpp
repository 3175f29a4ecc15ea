// Core benchmarks: the pool against soci::connection_pool, and a point select through the
// store (lease + cached prepared statement) against raw SQLite and SOCI. See BENCHMARKS.md.
#include <cstdint>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <soci/connection-pool.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "support/fixed_iterations.hpp"
#include "support/point_select_fixture.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"

namespace {

using v5bench::fill;
using v5bench::Keys;
using v5bench::kPointSelect;
using v5bench::memory_database;
using v5bench::point_selects;

constexpr int kPoolSize = 4;

// --- BM_PoolAcquireRelease ---------------------------------------------------------------------

struct V5Pool {
  v5store::MetricsRegistry metrics;
  v5store::ConnectionPool pool{memory_database(kPoolSize), &metrics};
};

struct SociPool {
  SociPool() : pool(kPoolSize) {
    for (int i = 0; i < kPoolSize; ++i) pool.at(static_cast<std::size_t>(i)).open(soci::sqlite3, ":memory:");
  }
  soci::connection_pool pool;
};

void BM_PoolAcquireRelease(benchmark::State& state, const char* which) {
  static V5Pool* v5 = nullptr;
  static SociPool* soci_pool = nullptr;
  const bool is_v5 = std::string(which) == "v5";
  if (state.thread_index() == 0) {
    if (is_v5 && v5 == nullptr) v5 = new V5Pool();
    if (!is_v5 && soci_pool == nullptr) soci_pool = new SociPool();
  }
  if (is_v5) {
    for (auto _ : state) {
      v5store::Lease lease = v5->pool.acquire("bench");
      benchmark::DoNotOptimize(lease);
    }
  } else {
    for (auto _ : state) {
      const std::size_t position = soci_pool->pool.lease();
      benchmark::DoNotOptimize(position);
      soci_pool->pool.give_back(position);
    }
  }
}
BENCHMARK_CAPTURE(BM_PoolAcquireRelease, v5, "v5")
    ->Threads(1)->Threads(2)->Threads(8)->Apply(v5bench::iterations_from_env);
BENCHMARK_CAPTURE(BM_PoolAcquireRelease, soci, "soci")
    ->Threads(1)->Threads(2)->Threads(8)->Apply(v5bench::iterations_from_env);

// --- BM_PointSelect ------------------------------------------------------------------------------

void BM_PointSelect_sqlite3_raw(benchmark::State& state) {
  soci::session session(soci::sqlite3, ":memory:");
  fill(session);
  using namespace sqlite_api;  // SOCI's header wraps sqlite3.h in this namespace
  sqlite3* db = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT name, amount FROM bench_items WHERE id = ?", -1, &statement,
                     nullptr);
  Keys keys;
  std::string name;
  long long amount = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(statement, 1, keys.next());
    if (sqlite3_step(statement) == SQLITE_ROW) {
      name.assign(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                  static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
      amount = sqlite3_column_int64(statement, 1);
    }
    sqlite3_reset(statement);
    benchmark::DoNotOptimize(name);
    benchmark::DoNotOptimize(amount);
  }
  sqlite3_finalize(statement);
}
BENCHMARK(BM_PointSelect_sqlite3_raw)
    ->Name("BM_PointSelect/sqlite3_raw")
    ->Apply(v5bench::iterations_from_env);

void BM_PointSelect_soci_prepared(benchmark::State& state) {
  soci::session session(soci::sqlite3, ":memory:");
  fill(session);
  Keys keys;
  long long id = 0;
  std::string name;
  long long amount = 0;
  soci::statement select = (session.prepare << kPointSelect, soci::into(name),
                            soci::into(amount), soci::use(id));
  for (auto _ : state) {
    id = keys.next();
    select.execute(true);
    benchmark::DoNotOptimize(name);
    benchmark::DoNotOptimize(amount);
  }
}
BENCHMARK(BM_PointSelect_soci_prepared)
    ->Name("BM_PointSelect/soci_prepared")
    ->Apply(v5bench::iterations_from_env);

void BM_PointSelect_soci_oneshot(benchmark::State& state) {
  soci::session session(soci::sqlite3, ":memory:");
  fill(session);
  Keys keys;
  std::string name;
  long long amount = 0;
  for (auto _ : state) {
    const long long id = keys.next();
    session << kPointSelect, soci::into(name), soci::into(amount), soci::use(id);
    benchmark::DoNotOptimize(name);
    benchmark::DoNotOptimize(amount);
  }
}
BENCHMARK(BM_PointSelect_soci_oneshot)
    ->Name("BM_PointSelect/soci_oneshot")
    ->Apply(v5bench::iterations_from_env);

void BM_PointSelect_v5_cached(benchmark::State& state) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(memory_database(1));  // one in-memory database: one connection
  v5store::V5EnhancedStore store(spec);
  {
    v5store::Lease lease = store.acquire();
    fill(lease.session());
  }
  point_selects(state, [&] { return store.acquire(); });
}
BENCHMARK(BM_PointSelect_v5_cached)
    ->Name("BM_PointSelect/v5_cached")
    ->Apply(v5bench::iterations_from_env);

}  // namespace
