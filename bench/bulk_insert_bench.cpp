// Bulk insert of kBulkRows rows into an empty SQLite :memory: table: Records::insert_many (one
// validated batch, inserted through SQLite's native statement, one transaction) against a
// prepared sqlite3 insert loop in one transaction through the C API. Both start from the same
// rows in memory; items_per_second = rows per second. See BENCHMARKS.md (issues 8 and 23).
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "support/bulk_spec.hpp"
#include "support/fixed_iterations.hpp"
#include "v5store/pool.hpp"
#include "v5store/record.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5store/store.hpp"

namespace {

constexpr int kBulkRows = 100000;
const std::string kCreate =
    "CREATE TABLE bench_bulk (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount INTEGER NOT NULL)";

struct Row {
  std::int64_t id;
  std::string name;
  std::int64_t amount;
};

const std::vector<Row>& rows() {
  static const std::vector<Row> all = [] {
    std::vector<Row> result;
    result.reserve(kBulkRows);
    for (std::int64_t id = 1; id <= kBulkRows; ++id) {
      result.push_back({id, "item-" + std::to_string(id), id * 3});
    }
    return result;
  }();
  return all;
}

// Empties the table between iterations, outside the measured time.
void reset_table(benchmark::State& state, soci::session& session) {
  state.PauseTiming();
  session << "DELETE FROM bench_bulk";
  state.ResumeTiming();
}

void BM_BulkInsert_sqlite3_raw(benchmark::State& state) {
  soci::session session(soci::sqlite3, ":memory:");
  session << kCreate;
  using namespace sqlite_api;  // SOCI's header wraps sqlite3.h in this namespace
  sqlite3* db = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
  for (auto _ : state) {
    sqlite3_stmt* insert = nullptr;
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO bench_bulk (id, name, amount) VALUES (?, ?, ?)", -1,
                       &insert, nullptr);
    for (const Row& row : rows()) {
      sqlite3_bind_int64(insert, 1, row.id);
      sqlite3_bind_text(insert, 2, row.name.data(), static_cast<int>(row.name.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, row.amount);
      if (sqlite3_step(insert) != SQLITE_DONE) state.SkipWithError(sqlite3_errmsg(db));
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    reset_table(state, session);
  }
  state.SetItemsProcessed(state.iterations() * kBulkRows);
}
BENCHMARK(BM_BulkInsert_sqlite3_raw)
    ->Name("BM_BulkInsert/sqlite3_raw")
    ->Unit(benchmark::kMillisecond)
    ->Apply(v5bench::iterations_from_env);

void BM_BulkInsert_v5(benchmark::State& state) {
  // One :memory: database of one connection (every connection of a :memory: database is a
  // database of its own).
  v5store::V5EnhancedStore store(v5bench::bulk_spec(v5store::BackendKind::sqlite, "db=:memory:"));
  v5store::SchemaRegistry registry(store.spec());
  v5store::Records records(registry, store.pool());
  std::vector<v5store::Record> batch;
  batch.reserve(kBulkRows);
  for (const Row& row : rows()) {
    batch.push_back({{"id", row.id}, {"name", row.name}, {"amount", row.amount}});
  }
  {
    v5store::Lease lease = store.acquire();
    lease.session() << kCreate;
  }
  for (auto _ : state) {
    const std::size_t inserted = records.insert_many("bench_item", batch);
    benchmark::DoNotOptimize(inserted);
    v5store::Lease lease = store.acquire();
    reset_table(state, lease.session());
  }
  state.SetItemsProcessed(state.iterations() * kBulkRows);
}
BENCHMARK(BM_BulkInsert_v5)
    ->Name("BM_BulkInsert/v5")
    ->Unit(benchmark::kMillisecond)
    ->Apply(v5bench::iterations_from_env);

}  // namespace
