// Fixed iteration counts for instruction counting: a benchmark registered with
// `->Apply(v5bench::iterations_from_env)` runs exactly V5_BENCH_ITERATIONS iterations (per
// thread) when that variable is set, and is timed as usual otherwise. Google Benchmark 1.7 has
// no `--benchmark_min_time=<N>x`; bench/callgrind_per_iteration.sh uses this to run one body
// twice with two counts under callgrind. Header-only, bench-private.
#pragma once

#include <cstdlib>

#include <benchmark/benchmark.h>

namespace v5bench {

inline void iterations_from_env(benchmark::internal::Benchmark* benchmark) {
  const char* text = std::getenv("V5_BENCH_ITERATIONS");
  if (text == nullptr) return;
  const long long iterations = std::atoll(text);
  if (iterations > 0) benchmark->Iterations(iterations);
}

}  // namespace v5bench
