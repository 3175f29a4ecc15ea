// The live-server fixture shared by the baseline benchmarks (tpcb_bench, sysbench_bench): a
// store on the database named by an environment variable, opened once per process and shared
// by every thread of a multi-threaded benchmark, and a fast per-thread random generator.
// Header-only, bench-private.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "v5store/spec.hpp"
#include "v5store/store.hpp"

namespace v5bench {

// The number of client threads of the baseline comparisons (pgbench -c 4, sysbench --threads=4).
inline constexpr int kClientThreads = 4;

// A store of one database (`backend`, `dsn`) whose pool holds one connection per client thread,
// all opened up front, as pgbench and sysbench open theirs before measuring.
inline std::unique_ptr<v5store::V5EnhancedStore> open_live_store(v5store::BackendKind backend,
                                                                 const std::string& dsn) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = backend;
  database.dsn = dsn;
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

}  // namespace v5bench
