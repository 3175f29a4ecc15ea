// pgbench's built-in scripts through the store, on the tables `pgbench -i` created in the
// database of V5_BENCH_PG_DSN: the TPC-B-like transaction (BM_TpcbLike/v5) and the select-only
// script (BM_TpcbSelectOnly/v5, pgbench -S), 4 client threads, items_per_second = TPS. The
// same two through PgBouncer in transaction pooling mode, the store in pooler mode
// (BM_TpcbLike/pgbouncer, BM_TpcbSelectOnly/pgbouncer: V5_BENCH_PGBOUNCER_DSN, the same
// database through the pooler), for the pooler's cost (docs/scaling.md).
// bench/compare_pgbench.sh runs them next to pgbench itself. See BENCHMARKS.md (issue 8).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "support/live_store.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"
#include "v5store/transaction.hpp"
#include "v5store/types.hpp"

namespace {

using v5store::FieldType;
using v5store::Value;

// pgbench's tpcb-like script, statement for statement (placeholders :p1..:pN in order).
const std::string kUpdateAccount =
    "UPDATE pgbench_accounts SET abalance = abalance + :p1 WHERE aid = :p2";
const std::string kSelectBalance = "SELECT abalance FROM pgbench_accounts WHERE aid = :p1";
const std::string kUpdateTeller =
    "UPDATE pgbench_tellers SET tbalance = tbalance + :p1 WHERE tid = :p2";
const std::string kUpdateBranch =
    "UPDATE pgbench_branches SET bbalance = bbalance + :p1 WHERE bid = :p2";
const std::string kInsertHistory =
    "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
    "VALUES (:p1, :p2, :p3, :p4, CURRENT_TIMESTAMP)";

const std::vector<FieldType> kNone;
const std::vector<FieldType> kOneInt{FieldType::int32};
const std::vector<FieldType> kTwoInts{FieldType::int32, FieldType::int32};
const std::vector<FieldType> kFourInts{FieldType::int32, FieldType::int32, FieldType::int32,
                                       FieldType::int32};

// The store on V5_BENCH_PG_DSN and the scale of its pgbench tables (pgbench_branches rows).
struct Pgbench {
  explicit Pgbench(const std::string& dsn, v5store::Pooler pooler = v5store::Pooler::none)
      : store(v5bench::open_live_store(v5store::BackendKind::postgresql, dsn, pooler)) {
    v5store::Lease lease = store->acquire();
    lease.session() << "SELECT count(*) FROM pgbench_branches", soci::into(scale);
    if (scale < 1) throw std::runtime_error("pgbench_branches is empty: run pgbench -i first");
  }
  std::unique_ptr<v5store::V5EnhancedStore> store;
  long long scale = 0;
};

// The same through PgBouncer (V5_BENCH_PGBOUNCER_DSN): a type of its own, since each fixture
// type is opened once per process.
struct PgbenchThroughPgbouncer : Pgbench {
  explicit PgbenchThroughPgbouncer(const std::string& dsn)
      : Pgbench(dsn, v5store::Pooler::pgbouncer) {}
};

// The draws of one transaction, as pgbench's \set lines make them.
struct Draw {
  Draw(v5bench::Random& random, long long scale)
      : aid(random.between(1, 100000 * scale)),
        bid(random.between(1, scale)),
        tid(random.between(1, 10 * scale)),
        delta(random.between(-5000, 5000)) {}
  std::int64_t aid, bid, tid, delta;
};

// pgbench's TPC-B-like transaction on the store of `Fixture` (from `dsn_variable`).
template <class Fixture>
void tpcb_like(benchmark::State& state, const char* dsn_variable) {
  v5bench::run_client<Fixture>(
      state, dsn_variable, [](Pgbench& pgbench, v5bench::Random& random) {
        const Draw draw(random, pgbench.scale);
        const long long balance = pgbench.store->transact([&](v5store::Transaction& tx) {
          v5store::Connection& connection = tx.connection();
          // pgbench's three "UPDATE ... SET balance = balance + :delta WHERE id = :id".
          const auto add_delta = [&](const std::string& sql, std::int64_t id) {
            auto& update = connection.statement(sql, kTwoInts, kNone);
            update.bind(0, Value(draw.delta));
            update.bind(1, Value(id));
            update.execute();
          };
          add_delta(kUpdateAccount, draw.aid);
          auto& select_balance = connection.statement(kSelectBalance, kOneInt, kOneInt);
          select_balance.bind(0, Value(draw.aid));
          select_balance.execute(1);
          const long long abalance = std::get<std::int64_t>(select_balance.result(0));
          add_delta(kUpdateTeller, draw.tid);
          add_delta(kUpdateBranch, draw.bid);
          auto& insert_history = connection.statement(kInsertHistory, kFourInts, kNone);
          insert_history.bind(0, Value(draw.tid));
          insert_history.bind(1, Value(draw.bid));
          insert_history.bind(2, Value(draw.aid));
          insert_history.bind(3, Value(draw.delta));
          insert_history.execute();
          return abalance;
        });
        benchmark::DoNotOptimize(balance);
      });
}

// pgbench -S's point select on the store of `Fixture` (from `dsn_variable`).
template <class Fixture>
void tpcb_select_only(benchmark::State& state, const char* dsn_variable) {
  v5bench::run_client<Fixture>(
      state, dsn_variable, [](Pgbench& pgbench, v5bench::Random& random) {
        const std::int64_t aid = random.between(1, 100000 * pgbench.scale);
        const Value balance =
            v5bench::point_select(*pgbench.store, kSelectBalance, kOneInt, kOneInt, aid);
        benchmark::DoNotOptimize(balance);
      });
}

void BM_TpcbLike(benchmark::State& state) { tpcb_like<Pgbench>(state, "V5_BENCH_PG_DSN"); }
BENCHMARK(BM_TpcbLike)->Name("BM_TpcbLike/v5")->Threads(v5bench::kClientThreads)->UseRealTime();

void BM_TpcbLikePgbouncer(benchmark::State& state) {
  tpcb_like<PgbenchThroughPgbouncer>(state, "V5_BENCH_PGBOUNCER_DSN");
}
BENCHMARK(BM_TpcbLikePgbouncer)
    ->Name("BM_TpcbLike/pgbouncer")
    ->Threads(v5bench::kClientThreads)
    ->UseRealTime();

void BM_TpcbSelectOnly(benchmark::State& state) {
  tpcb_select_only<Pgbench>(state, "V5_BENCH_PG_DSN");
}
BENCHMARK(BM_TpcbSelectOnly)
    ->Name("BM_TpcbSelectOnly/v5")
    ->Threads(v5bench::kClientThreads)
    ->UseRealTime();

void BM_TpcbSelectOnlyPgbouncer(benchmark::State& state) {
  tpcb_select_only<PgbenchThroughPgbouncer>(state, "V5_BENCH_PGBOUNCER_DSN");
}
BENCHMARK(BM_TpcbSelectOnlyPgbouncer)
    ->Name("BM_TpcbSelectOnly/pgbouncer")
    ->Threads(v5bench::kClientThreads)
    ->UseRealTime();

}  // namespace
