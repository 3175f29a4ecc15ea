// The live-server fixture shared by the baseline benchmarks (tpcb_bench, sysbench_bench): a
// store on the database named by an environment variable, opened once per process and shared
// by every thread of a multi-threaded benchmark, a fast per-thread random generator, the
// client thread's measured loop and a point select.
// Header-only, bench-private.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "connection.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"
#include "v5store/store.hpp"
#include "v5store/types.hpp"

namespace v5bench {

// The number of client threads of the baseline comparisons (pgbench -c 4, sysbench --threads=4).
inline constexpr int kClientThreads = 4;

// A store of one database (`backend`, `dsn`, reached through `pooler`) whose pool holds one
// connection per client thread, all opened up front, as pgbench and sysbench open theirs
// before measuring.
inline std::unique_ptr<v5store::V5EnhancedStore> open_live_store(
    v5store::BackendKind backend, const std::string& dsn,
    v5store::Pooler pooler = v5store::Pooler::none) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = backend;
  database.dsn = dsn;
  database.pooler = pooler;
  database.pool.max_size = kClientThreads;
  database.pool.min_idle = kClientThreads;
  spec.databases.push_back(std::move(database));
  return std::make_unique<v5store::V5EnhancedStore>(std::move(spec));
}

// A fixture built once per process from the DSN in environment variable `dsn_variable`:
// `Fixture(dsn)` opens its store and reads what it needs. Every thread calls get(); a thread that
// gets nullptr has been marked skipped (variable unset, or the fixture failed with the reason).
template <class Fixture>
Fixture* live_fixture(benchmark::State& state, const char* dsn_variable) {
  struct Outcome {
    std::unique_ptr<Fixture> fixture;
    std::string error;
  };
  static Outcome* outcome = [dsn_variable] {
    auto* result = new Outcome();
    const char* dsn = std::getenv(dsn_variable);
    if (dsn == nullptr || *dsn == '\0') {
      result->error = std::string("set ") + dsn_variable +
                      " to the DSN of the benchmark database (see BENCHMARKS.md)";
      return result;
    }
    try {
      result->fixture = std::make_unique<Fixture>(dsn);
    } catch (const std::exception& e) {
      result->error = e.what();
    }
    return result;
  }();
  if (!outcome->fixture) {
    state.SkipWithError(outcome->error.c_str());
    return nullptr;
  }
  return outcome->fixture.get();
}

// A uniform random integer generator (xorshift64*), one per thread: no shared state.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  // A uniform integer in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    const std::uint64_t x = state_ * 0x2545F4914F6CDD1Dull;
    return low + static_cast<std::int64_t>(x % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

// The measured loop of one client thread of a baseline benchmark: `item(fixture, random)` once
// per iteration, with the process's fixture (live_fixture) and this thread's Random;
// items_per_second counts the iterations (transactions or queries per second).
template <class Fixture, class Item>
void run_client(benchmark::State& state, const char* dsn_variable, Item item) {
  Fixture* fixture = live_fixture<Fixture>(state, dsn_variable);
  if (fixture == nullptr) return;
  Random random(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) item(*fixture, random);
  state.SetItemsProcessed(state.iterations());
}

// One point select on a connection leased for it: `sql` (one parameter :p1 of `parameters`,
// one result column of `results`), executed with `key`; returns the column of the row.
inline v5store::Value point_select(v5store::V5EnhancedStore& store, const std::string& sql,
                                   const std::vector<v5store::FieldType>& parameters,
                                   const std::vector<v5store::FieldType>& results,
                                   std::int64_t key) {
  v5store::Lease lease = store.acquire();
  auto& select = lease.connection().statement(sql, parameters, results);
  select.bind(0, v5store::Value(key));
  select.execute(1);
  return select.take_result(0);
}

}  // namespace v5bench
