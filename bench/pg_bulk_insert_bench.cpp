// Bulk insert on PostgreSQL (issue 23): Records::insert_many of V5_BULK_ROWS rows (default
// 100,000; COPY FROM STDIN since 210f1da) against the same rows inserted one at a time with a
// prepared INSERT in one transaction (SOCI, as an application without bulk support writes it).
// Both write the table bench_bulk of the database V5_BENCH_PG_DSN (which bench/compare_bulk_pg.sh
// creates, directly or through the latency proxy) and empty it between iterations outside the
// measured time; items_per_second = rows per second.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "support/bulk_spec.hpp"
#include "support/fixed_iterations.hpp"
#include "v5store/pool.hpp"
#include "v5store/record.hpp"
#include "v5store/records.hpp"
#include "v5store/spec.hpp"
#include "v5store/store.hpp"

namespace {

int bulk_rows() {
  const char* text = std::getenv("V5_BULK_ROWS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 100000;
}

const char* bench_dsn(benchmark::State& state) {
  const char* dsn = std::getenv("V5_BENCH_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    state.SkipWithError("set V5_BENCH_PG_DSN (bench/compare_bulk_pg.sh does)");
    return nullptr;
  }
  return dsn;
}

void truncate(benchmark::State& state, soci::session& session) {
  state.PauseTiming();
  session << "TRUNCATE bench_bulk";
  state.ResumeTiming();
}

void BM_BulkInsert_v5_pg(benchmark::State& state) {
  const char* dsn = bench_dsn(state);
  if (dsn == nullptr) return;
  v5store::StoreOptions options;
  options.monitoring = false;  // the write path alone, as the baselines have no monitor
  v5store::V5EnhancedStore store(v5bench::bulk_spec(v5store::BackendKind::postgresql, dsn),
                                 options);
  std::vector<v5store::Record> batch;
  const int rows = bulk_rows();
  batch.reserve(rows);
  for (std::int64_t id = 1; id <= rows; ++id) {
    batch.push_back({{"id", id}, {"name", "item-" + std::to_string(id)}, {"amount", id * 3}});
  }
  {
    v5store::Lease lease = store.acquire();
    lease.session() << "TRUNCATE bench_bulk";
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(store.records().insert_many("bench_item", batch));
    v5store::Lease lease = store.acquire();
    truncate(state, lease.session());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_BulkInsert_v5_pg)
    ->Name("BM_BulkInsert/v5_pg")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Apply(v5bench::iterations_from_env);

void BM_BulkInsert_pg_row_at_a_time(benchmark::State& state) {
  const char* dsn = bench_dsn(state);
  if (dsn == nullptr) return;
  soci::session session("postgresql", dsn);
  session << "TRUNCATE bench_bulk";
  const int rows = bulk_rows();
  for (auto _ : state) {
    std::int64_t id = 0;
    std::int64_t amount = 0;
    std::string name;
    soci::transaction tx(session);
    soci::statement insert = (session.prepare << "INSERT INTO bench_bulk (id, name, amount) "
                                                 "VALUES (:id, :name, :amount)",
                              soci::use(id), soci::use(name), soci::use(amount));
    for (id = 1; id <= rows; ++id) {
      name = "item-" + std::to_string(id);
      amount = id * 3;
      insert.execute(true);
    }
    tx.commit();
    truncate(state, session);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_BulkInsert_pg_row_at_a_time)
    ->Name("BM_BulkInsert/pg_row_at_a_time")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Apply(v5bench::iterations_from_env);

}  // namespace
