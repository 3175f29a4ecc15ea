// What one optimiser recommendation buys (issue 7): BM_OptimizerIndex/before looks orders up by
// a column without an index (SQLite :memory:, kOrders rows, `WHERE customer_id = ?`, 10 rows
// per customer) through the store's cached prepared statement; /after runs the same lookups
// once the CREATE INDEX the optimiser recommended for that statement (store.optimize(), which
// EXPLAINs the slowest statements the running store counted) has been applied. Both variants
// do the same warm-up and analysis; before/after CPU time is the improvement (BENCHMARKS.md).
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "support/point_select_fixture.hpp"
#include "v5store/performance.hpp"
#include "v5store/store.hpp"

namespace {

constexpr int kOrders = 20000;
constexpr int kCustomers = kOrders / 10;
constexpr int kWarmUpLookups = 50;
const std::string kLookup = "SELECT id, amount FROM bench_orders WHERE customer_id = :p1";

void fill_orders(soci::session& session) {
  session << "CREATE TABLE bench_orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, "
             "amount INTEGER NOT NULL)";
  soci::transaction tx(session);
  long long id = 0;
  long long customer = 0;
  long long amount = 0;
  soci::statement insert = (session.prepare << "INSERT INTO bench_orders (id, customer_id, amount) "
                                               "VALUES (:id, :customer, :amount)",
                            soci::use(id), soci::use(customer), soci::use(amount));
  for (id = 1; id <= kOrders; ++id) {
    customer = 1 + id % kCustomers;
    amount = id * 7 % 1000;
    insert.execute(true);
  }
  tx.commit();
}

// Runs one lookup of the customer's orders; returns the number of rows.
std::size_t lookup(v5store::V5EnhancedStore& store, std::int64_t customer) {
  static const std::vector<v5store::FieldType> params{v5store::FieldType::int64};
  static const std::vector<v5store::FieldType> results{v5store::FieldType::int64,
                                                       v5store::FieldType::int64};
  v5store::Lease lease = store.acquire();
  auto& select = lease.connection().statement(kLookup, params, results);
  select.bind(0, v5store::Value(customer));
  select.execute();
  return select.row_count();
}

// Builds the store and its table, lets the store count the lookup, asks the optimiser, and
// applies its index recommendation for bench_orders when `apply` is set. Returns the DDL the
// optimiser recommended (empty when it recommended none).
std::string prepare(v5store::V5EnhancedStore& store, bool apply) {
  {
    v5store::Lease lease = store.acquire();
    fill_orders(lease.session());
  }
  for (int i = 0; i < kWarmUpLookups; ++i) lookup(store, 1 + i % kCustomers);
  std::string ddl;
  for (const auto& index : store.optimize().indexes) {
    if (index.table == "bench_orders") ddl = index.ddl;
  }
  if (apply && !ddl.empty()) {
    v5store::Lease lease = store.acquire();
    lease.session() << ddl;
  }
  return ddl;
}

void run(benchmark::State& state, bool apply) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  spec.databases.push_back(v5bench::memory_database(1));  // one in-memory database
  v5store::V5EnhancedStore store(spec);
  if (prepare(store, apply).empty()) {
    state.SkipWithError("the optimiser recommended no index for bench_orders");
    return;
  }
  v5bench::Keys keys;
  std::size_t rows = 0;
  for (auto _ : state) {
    rows += lookup(store, 1 + keys.next() % kCustomers);
  }
  state.counters["rows_per_lookup"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}

void BM_OptimizerIndex_before(benchmark::State& state) { run(state, false); }
BENCHMARK(BM_OptimizerIndex_before)->Name("BM_OptimizerIndex/before");

void BM_OptimizerIndex_after(benchmark::State& state) { run(state, true); }
BENCHMARK(BM_OptimizerIndex_after)->Name("BM_OptimizerIndex/after");

}  // namespace
