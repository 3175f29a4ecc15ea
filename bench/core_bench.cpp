// Core benchmarks: the pool against soci::connection_pool, and a point select through the
// store (lease + cached prepared statement) against raw SQLite and SOCI. See BENCHMARKS.md.
#include <cstdint>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <soci/connection-pool.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "connection.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"

namespace {

constexpr int kPoolSize = 4;
constexpr int kRows = 10000;
const std::string kPointSelect = "SELECT name, amount FROM bench_items WHERE id = :p1";

// The same pseudo-random key sequence for every variant.
struct Keys {
  std::uint32_t state = 12345;
  long long next() {
    state = state * 1664525u + 1013904223u;
    return 1 + static_cast<long long>(state % kRows);
  }
};

v5store::DatabaseSpec memory_database(int max_size) {
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = "db=:memory:";
  database.pool.max_size = max_size;
  database.pool.min_idle = max_size;
  database.pool.leak_detection_ms = 60000;  // leak tracking on: the pool does more than SOCI's
  return database;
}

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
BENCHMARK_CAPTURE(BM_PoolAcquireRelease, v5, "v5")->Threads(1)->Threads(2)->Threads(8);
BENCHMARK_CAPTURE(BM_PoolAcquireRelease, soci, "soci")->Threads(1)->Threads(2)->Threads(8);

// --- BM_PointSelect ------------------------------------------------------------------------------

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
BENCHMARK(BM_PointSelect_sqlite3_raw)->Name("BM_PointSelect/sqlite3_raw");

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
BENCHMARK(BM_PointSelect_soci_prepared)->Name("BM_PointSelect/soci_prepared");

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
BENCHMARK(BM_PointSelect_soci_oneshot)->Name("BM_PointSelect/soci_oneshot");

void BM_PointSelect_v5_cached(benchmark::State& state) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(memory_database(1));  // one in-memory database: one connection
  v5store::V5EnhancedStore store(spec);
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
BENCHMARK(BM_PointSelect_v5_cached)->Name("BM_PointSelect/v5_cached");

}  // namespace
